package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.captcha.RecoveryCaptchaFactory;
import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.TestUser;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.Chromium;
import io.github.kcrecovery.testing.RequiresTools;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.testing.Tool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Map;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 14, Russian friction: on a 390 px phone screen the captcha's "Другая картинка" button and the countdown
 * "…через 28 с." are each kept on one line, and our Russian texts spell "E-mail" and "учетн-" as Keycloak's own
 * Russian texts on the same pages do.
 */
@RequiresTools(Tool.CHROMIUM)
class NarrowScreenRussianBrowserIT {

    /** Distinct lines the text of the element (from the last number on, when {@code fromLastNumber}) takes. */
    private static final String LINES = """
            var element = arguments[0], fromLastNumber = arguments[1];
            var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            var node = walker.nextNode();
            var range = document.createRange();
            if (fromLastNumber) {
              var start = node.data.search(/\\d+[^\\d]*$/);
              range.setStart(node, start);
              range.setEnd(node, node.data.length);
            } else {
              range.selectNodeContents(element);
            }
            var tops = {};
            Array.prototype.forEach.call(range.getClientRects(), function (r) { if (r.width > 0) tops[Math.round(r.top)] = true; });
            return Object.keys(tops).length;""";

    private static TestEnvironment env;
    private static AdminClient admin;

    @RegisterExtension
    static final SendLimitsLifted SEND_LIMITS = SendLimitsLifted.lifted();

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
        admin = env.admin();
    }

    /** Chromium as a 390 x 844 phone screen (a headless window cannot be narrower than 500 px). */
    private static WebDriver phone() {
        ChromeDriver driver = Chromium.start(500, 900);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        return driver;
    }

    @Test
    void newPictureButtonStaysOnOneLine() {
        WebDriver driver = phone();
        try (FlowExecutions.Restore image = new FlowExecutions(admin).override(FlowExecutions.USERNAME_FLOW,
                RecoveryCaptchaFactory.PROVIDER_ID, Map.of("mode", "image"))) {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(env.keycloak().baseUrl() + loginUrl(env) + "&ui_locales=ru");
            driver.findElement(By.cssSelector("a[href*='login-actions/reset-credentials']")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recoveryOption-username"))).click();
            driver.findElement(By.id("kc-recovery-chooser-continue")).click();
            var button = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-captcha-refresh")));
            Chromium.screenshot(driver, "narrow-ru-forgot-login-captcha");
            Object lines = ((JavascriptExecutor) driver).executeScript(LINES, button, false);
            // the button starts a line of its own, under the hint, instead of trailing its wrapped last word
            Object ownLine = ((JavascriptExecutor) driver).executeScript(
                    "var b = arguments[0].getBoundingClientRect(), h = document.getElementById('kc-recovery-captcha-hint').getBoundingClientRect();"
                            + "return b.top >= h.bottom - 1 && Math.abs(b.left - h.left) < 2;", button);
            String page = driver.findElement(By.tagName("body")).getText();
            assertAll(() -> assertEquals(1L, lines, "\"" + button.getText() + "\" on one line at 390 px"),
                    () -> assertEquals(Boolean.TRUE, ownLine, "\"" + button.getText() + "\" on a line of its own under the hint"),
                    () -> assertFalse(page.matches("(?s).*\\bemail\\b.*"), "one spelling, Keycloak's \"E-mail\": " + page));
        } finally {
            driver.quit();
        }
    }

    @Test
    void countdownKeepsNumberAndUnitTogether() {
        TestUser user = createUser(admin, "narrow", false);
        WebDriver driver = phone();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(env.keycloak().baseUrl() + loginUrl(env) + "&ui_locales=ru");
            driver.findElement(By.cssSelector("a[href*='login-actions/reset-credentials']")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-chooser-continue"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys(user.username());
            driver.findElement(By.id("recovery-by-sms")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("phoneDigits"))).sendKeys(hiddenDigits(user.phone()));
            String digitsPage = driver.findElement(By.tagName("body")).getText();
            driver.findElement(By.id("recovery-digits-submit")).click();
            var wait28 = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-resend-wait")));
            Chromium.screenshot(driver, "narrow-ru-sms-code");
            Object lines = ((JavascriptExecutor) driver).executeScript(LINES, wait28, true);
            String countdown = wait28.getText();
            assertAll(() -> assertEquals(1L, lines, "\"" + countdown + "\": the seconds and their unit on one line at 390 px"),
                    () -> assertFalse(digitsPage.contains("учётн"), "one spelling, Keycloak's \"учетн-\": " + digitsPage));
        } finally {
            driver.quit();
            deleteUser(admin, user);
        }
    }
}
