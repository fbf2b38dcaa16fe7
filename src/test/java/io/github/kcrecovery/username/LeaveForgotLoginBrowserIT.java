package io.github.kcrecovery.username;

import io.github.kcrecovery.testing.Chromium;
import io.github.kcrecovery.testing.MailSink;
import io.github.kcrecovery.testing.RequiresTools;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.testing.Tool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, item 4: the forgot-login answer is no dead end. "« Back to Login" and then "Forgot Password?" start a
 * fresh recovery (the chooser), also twice in a row, from every page of the forgot-login path, so a person who
 * mistyped the birth date can try again, and the recovery keeps the page language.
 */
@RequiresTools(Tool.CHROMIUM)
class LeaveForgotLoginBrowserIT {

    private static final String BIRTHDATE = "2010-10-10";
    private final TestEnvironment env = TestEnvironment.get();

    @ParameterizedTest
    @ValueSource(strings = {"en", "ru"})
    void backToLoginThenForgotPasswordStartsAFreshRecovery(String locale) {
        String email = RecoveryPages.uniqueEmail();
        String username = RecoveryPages.createUser(env, email, true, null, BIRTHDATE);
        WebDriver driver = Chromium.start(1000, 1100);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        try {
            driver.get(env.keycloak().baseUrl() + RecoveryPages.loginUrl(env) + "&ui_locales=" + locale);
            String forgotLink = driver.findElement(By.cssSelector("a[href*='login-actions/reset-credentials']")).getAttribute("href");
            forgotPassword(driver, wait, locale);

            // a mistyped birth date: the answer page, then back to the login page and "Forgot Password?" again
            ask(driver, wait, email, "2011-11-11");
            backToLogin(driver, wait);
            forgotPassword(driver, wait, locale);
            Chromium.screenshot(driver, "leave-forgot-login-" + locale + "-1-chooser-again");

            // the retry with the right date sends the login
            env.mail().clear();
            ask(driver, wait, email, BIRTHDATE);
            String text = MailSink.textBody(env.mail().awaitMessages(1, Duration.ofSeconds(60)).get(0));
            assertTrue(text.contains(username), text);

            // and once more: the answer page is left again for a fresh chooser
            backToLogin(driver, wait);
            forgotPassword(driver, wait, locale);

            // from the form itself, and from the chooser
            choose(driver, wait, "both");
            backToLogin(driver, wait);
            forgotPassword(driver, wait, locale);
            backToLogin(driver, wait);
            forgotPassword(driver, wait, locale);

            // "Forgot Password?" of a login page left open (or reached with the browser's Back button)
            ask(driver, wait, email, "2012-12-12");
            driver.get(forgotLink);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-chooser-form")));
        } finally {
            driver.quit();
        }
    }

    /** "Forgot Password?" on the login page: the chooser, in the language of the recovery. */
    private static void forgotPassword(WebDriver driver, WebDriverWait wait, String locale) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
        driver.findElement(By.cssSelector("a[href*='login-actions/reset-credentials']")).click();
        wait.until(d -> !d.findElements(By.id("kc-recovery-chooser-form")).isEmpty()
                || !d.findElements(By.id("kc-recovery-username-sent")).isEmpty()
                || !d.findElements(By.id("kc-recovery-username-form")).isEmpty());
        assertTrue(!driver.findElements(By.id("kc-recovery-chooser-form")).isEmpty(),
                "\"Forgot Password?\" shows the chooser, not: " + driver.findElement(By.tagName("body")).getText());
        assertEquals(locale, driver.findElement(By.tagName("html")).getAttribute("lang"));
    }

    private static void choose(WebDriver driver, WebDriverWait wait, String option) {
        driver.findElement(By.id("recoveryOption-" + option)).click();
        driver.findElement(By.id("kc-recovery-chooser-continue")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-username-form")));
    }

    /** "I forgot my login", the form filled in and sent (Chromium solves the proof-of-work captcha): the answer. */
    private static void ask(WebDriver driver, WebDriverWait wait, String email, String birthdate) {
        choose(driver, wait, "username");
        driver.findElement(By.id("email")).sendKeys(email);
        ((JavascriptExecutor) driver).executeScript("document.getElementById('birthdate').value = arguments[0];", birthdate);
        Chromium.screenshot(driver, "leave-forgot-login-form-" + driver.findElement(By.tagName("html")).getAttribute("lang"));
        driver.findElement(By.id("kc-recovery-username-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-username-sent")));
    }

    /** The page's "« Back to Login" link. */
    private static void backToLogin(WebDriver driver, WebDriverWait wait) {
        driver.findElement(By.cssSelector("a[href*='login-actions/authenticate']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
    }
}
