package io.github.kcrecovery.username;

import io.github.kcrecovery.testing.MailSink;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person in headless Chromium: login page, "forgot password", chooser, forgot-login form, the answer page, the
 * email. Once in English and once in Russian, with screenshots in target/it-output/screenshots/.
 */
class UsernameBrowserIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private final TestEnvironment env = TestEnvironment.get();

    @Test
    void recoversAForgottenLoginInEnglishAndRussian() throws IOException {
        Path screenshots = Path.of(System.getProperty("test.output.dir", "target/it-output"), "screenshots");
        Files.createDirectories(screenshots);
        for (String locale : List.of("en", "ru")) {
            String email = RecoveryPages.uniqueEmail();
            String username = RecoveryPages.createUser(env, email, true, null, "2010-10-10");
            env.mail().clear();
            WebDriver driver = chromium();
            try {
                driver.get(env.keycloak().baseUrl() + RecoveryPages.loginUrl(env) + "&ui_locales=" + locale);
                driver.findElement(By.cssSelector("a[href*='reset-credentials']")).click();
                driver.findElement(By.id("recoveryOption-username")).click();
                shot(driver, screenshots, "1-chooser-" + locale);
                driver.findElement(By.id("kc-recovery-chooser-continue")).click();

                driver.findElement(By.id("email")).sendKeys(email);
                ((JavascriptExecutor) driver).executeScript("document.getElementById('birthdate').value = '2010-10-10';");
                shot(driver, screenshots, "2-forgot-login-" + locale);
                // the default captcha is the proof-of-work: Chromium runs the widget, which solves it on submit
                driver.findElement(By.id("kc-recovery-username-submit")).click();
                driver.findElement(By.id("kc-recovery-username-sent"));
                shot(driver, screenshots, "3-sent-" + locale);
                String text = MailSink.textBody(env.mail().awaitMessages(1, Duration.ofSeconds(15)).get(0));
                assertTrue(text.contains(username), text);
                assertTrue(locale.equals("ru") ? text.contains("Ваш логин") : text.contains("Your login"), text);
            } finally {
                driver.quit();
            }
        }
    }

    private static WebDriver chromium() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1000,1100",
                "--user-data-dir=" + Files.createTempDirectory("kcrecovery-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
        return driver;
    }

    private static void shot(WebDriver driver, Path dir, String name) {
        try {
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
