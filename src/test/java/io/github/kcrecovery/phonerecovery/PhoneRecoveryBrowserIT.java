package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.TestUser;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.Chromium;
import io.github.kcrecovery.testing.RequiresTools;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.testing.Tool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole phone path in headless Chromium, in English, Russian, German, Ukrainian, Arabic (right to left) and
 * Chinese (simplified), with a screenshot of every page under {@code target/it-output/screenshots/}.
 */
@RequiresTools(Tool.CHROMIUM)
class PhoneRecoveryBrowserIT {

    private static TestEnvironment env;
    private static AdminClient admin;

    @RegisterExtension
    static final SendLimitsLifted SEND_LIMITS = SendLimitsLifted.lifted();

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
        admin = env.admin();
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "ru", "de", "uk", "ar", "zh-Hans"})
    void wholePhonePath(String locale) throws Exception {
        TestUser user = createUser(admin, "browser", true);
        WebDriver driver = Chromium.start(1000, 1000);
        try {
            env.sms().clear();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            driver.get(env.keycloak().baseUrl() + loginUrl(env) + "&ui_locales=" + locale);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
            Chromium.screenshot(driver, locale + "-0-login");

            driver.findElement(By.cssSelector("a[href*='login-actions/reset-credentials']")).click();
            // the chooser: "I forgot my password" is preselected
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-chooser-continue")));
            Chromium.screenshot(driver, locale + "-1-chooser");
            driver.findElement(By.id("kc-recovery-chooser-continue")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-reset-password-form")));
            driver.findElement(By.id("username")).sendKeys(user.username());
            Chromium.screenshot(driver, locale + "-2-identifier");
            // the default captcha is the proof-of-work: Chromium runs the widget, which solves it on submit
            driver.findElement(By.id("recovery-by-sms")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-phone-digits-form")));

            driver.findElement(By.id("phoneDigits")).sendKeys(hiddenDigits(user.phone()));
            Chromium.screenshot(driver, locale + "-3-phone-digits");
            driver.findElement(By.id("recovery-digits-submit")).click();

            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-sms-code-form")));
            driver.findElement(By.id("code")).sendKeys(lastCode(env, user.phone()));
            Chromium.screenshot(driver, locale + "-4-sms-code");
            driver.findElement(By.id("recovery-code-submit")).click();

            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-passwd-update-form")));
            driver.findElement(By.id("password-new")).sendKeys("Browser-Pass-42");
            driver.findElement(By.id("password-confirm")).sendKeys("Browser-Pass-42");
            Chromium.screenshot(driver, locale + "-5-new-password");
            driver.findElement(By.cssSelector("#kc-passwd-update-form button[type=submit]")).click();
            wait.until(d -> !d.getCurrentUrl().contains("login-actions"));
            Chromium.screenshot(driver, locale + "-6-done");

            assertEquals(2, smsTo(env, user.phone()).size(), "the code, then the password-changed notice");
            assertTrue(canLogIn(env, user.username(), "Browser-Pass-42"), "new password logs in");
        } finally {
            driver.quit();
            deleteUser(admin, user);
        }
    }
}
