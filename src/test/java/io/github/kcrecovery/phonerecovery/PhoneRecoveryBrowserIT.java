package io.github.kcrecovery.phonerecovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.TestUser;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole phone path in headless Chromium, in English and in Russian, with a screenshot of every page under
 * {@code target/it-output/screenshots/}.
 */
class PhoneRecoveryBrowserIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static TestEnvironment env;
    private static AdminClient admin;
    private static JsonNode originalConfig;

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
        admin = env.admin();
        // every IT reaches the server from 127.0.0.1: the per-IP and realm budgets of the hour belong to all of them
        originalConfig = setConfig(admin, SmsCodeAuthenticator.PROVIDER_ID, Map.of(
                PhoneRecoverySettings.MAX_SENDS_PER_IP, "100000", PhoneRecoverySettings.MAX_SENDS_PER_REALM, "100000"));
    }

    @AfterAll
    static void restoreLimits() {
        restoreConfig(admin, originalConfig);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "ru"})
    void wholePhonePath(String locale) throws Exception {
        TestUser user = createUser(admin, "browser", true);
        Path output = Path.of(System.getProperty("test.output.dir", "target/it-output"));
        // a fresh profile inside the build directory, so nothing is left in /tmp
        Path userData = Files.createTempDirectory(Files.createDirectories(output), "chromium-profile");
        Path screenshots = output.resolve("screenshots");
        Files.createDirectories(screenshots);
        WebDriver driver = chromium(userData);
        try {
            env.sms().clear();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            driver.get(env.keycloak().baseUrl() + loginUrl(env) + "&ui_locales=" + locale);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
            shot(driver, screenshots, locale + "-1-login");

            driver.findElement(By.cssSelector("a[href*='login-actions/reset-credentials']")).click();
            // the chooser: "I forgot my password" is preselected
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-chooser-continue"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-reset-password-form")));
            driver.findElement(By.id("username")).sendKeys(user.username());
            shot(driver, screenshots, locale + "-2-identifier");
            // the default captcha is the proof-of-work: Chromium runs the widget, which solves it on submit
            driver.findElement(By.id("recovery-by-sms")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-phone-digits-form")));

            driver.findElement(By.id("phoneDigits")).sendKeys(hiddenDigits(user.phone()));
            shot(driver, screenshots, locale + "-3-phone-digits");
            driver.findElement(By.id("recovery-digits-submit")).click();

            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-sms-code-form")));
            driver.findElement(By.id("code")).sendKeys(lastCode(env, user.phone()));
            shot(driver, screenshots, locale + "-4-sms-code");
            driver.findElement(By.id("recovery-code-submit")).click();

            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-passwd-update-form")));
            driver.findElement(By.id("password-new")).sendKeys("Browser-Pass-42");
            driver.findElement(By.id("password-confirm")).sendKeys("Browser-Pass-42");
            shot(driver, screenshots, locale + "-5-new-password");
            driver.findElement(By.cssSelector("#kc-passwd-update-form button[type=submit]")).click();
            wait.until(d -> !d.getCurrentUrl().contains("login-actions"));
            shot(driver, screenshots, locale + "-6-done");

            assertEquals(1, smsTo(env, user.phone()).size());
            assertTrue(canLogIn(env, user.username(), "Browser-Pass-42"), "new password logs in");
        } finally {
            driver.quit();
            deleteUser(admin, user);
            try (Stream<Path> files = Files.walk(userData)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Headless Chromium with a fresh profile in {@code userData}; also used by {@link AccountConsoleBrowserIT}. */
    static WebDriver chromium(Path userData) {
        // a fixed driver and browser: Selenium Manager must never download anything
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1000,1000",
                "--user-data-dir=" + userData);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        return new ChromeDriver(service, options);
    }

    private static void shot(WebDriver driver, Path dir, String name) throws IOException {
        File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
