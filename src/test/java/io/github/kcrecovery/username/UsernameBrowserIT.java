package io.github.kcrecovery.username;

import io.github.kcrecovery.testing.Chromium;
import io.github.kcrecovery.testing.MailSink;
import io.github.kcrecovery.testing.RequiresTools;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.testing.Tool;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person in headless Chromium: login page, "forgot password", chooser, forgot-login form, the answer page, the
 * email. Once in English and once in Russian, with screenshots in target/it-output/screenshots/.
 */
@RequiresTools(Tool.CHROMIUM)
class UsernameBrowserIT {

    private final TestEnvironment env = TestEnvironment.get();

    @Test
    void recoversAForgottenLoginInEnglishAndRussian() {
        for (String locale : List.of("en", "ru")) {
            String email = RecoveryPages.uniqueEmail();
            String username = RecoveryPages.createUser(env, email, true, null, "2010-10-10");
            env.mail().clear();
            WebDriver driver = Chromium.start(1000, 1100);
            driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
            try {
                driver.get(env.keycloak().baseUrl() + RecoveryPages.loginUrl(env) + "&ui_locales=" + locale);
                driver.findElement(By.cssSelector("a[href*='reset-credentials']")).click();
                driver.findElement(By.id("recoveryOption-username")).click();
                Chromium.screenshot(driver, "1-chooser-" + locale);
                driver.findElement(By.id("kc-recovery-chooser-continue")).click();

                driver.findElement(By.id("email")).sendKeys(email);
                ((JavascriptExecutor) driver).executeScript("document.getElementById('birthdate').value = '2010-10-10';");
                Chromium.screenshot(driver, "2-forgot-login-" + locale);
                // the default captcha is the proof-of-work: Chromium runs the widget, which solves it on submit
                driver.findElement(By.id("kc-recovery-username-submit")).click();
                driver.findElement(By.id("kc-recovery-username-sent"));
                Chromium.screenshot(driver, "3-sent-" + locale);
                String text = MailSink.textBody(env.mail().awaitMessages(1, Duration.ofSeconds(15)).get(0));
                assertTrue(text.contains(username), text);
                assertTrue(locale.equals("ru") ? text.contains("Ваш логин") : text.contains("Your login"), text);
            } finally {
                driver.quit();
            }
        }
    }
}
