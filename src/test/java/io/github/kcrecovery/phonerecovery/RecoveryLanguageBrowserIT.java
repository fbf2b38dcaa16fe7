package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.admin.DemoRealmUsers;
import io.github.kcrecovery.emaillink.MailedResetLinks;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, item 6: the language the person chose stays for the whole recovery, although the account has another
 * one: every page (also Keycloak's "Update password" once the flow knows the account), the SMS and mails the
 * recovery sends, and the pages its emailed link opens in another browser. English is chosen with the login page's
 * language switch ({@code kc_locale}), Russian by the application ({@code ui_locales}).
 */
@RequiresTools(Tool.CHROMIUM)
class RecoveryLanguageBrowserIT {

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
    @ValueSource(strings = {"en", "ru"})
    void phonePathKeepsTheChosenLanguage(String locale) {
        String phone = DemoRealmUsers.freshPhone();
        String username = createUser(null, phone, other(locale));
        WebDriver driver = Chromium.start(1000, 1000);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        try {
            env.sms().clear();
            openLoginPageIn(driver, wait, locale);
            driver.findElement(By.cssSelector("a[href*='login-actions/reset-credentials']")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-chooser-continue"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-reset-password-form")));
            assertLanguage(driver, locale, "identifier page");
            driver.findElement(By.id("username")).sendKeys(username);
            Chromium.screenshot(driver, "language-" + locale + "-identifier");
            driver.findElement(By.id("recovery-by-sms")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-phone-digits-form")));
            assertLanguage(driver, locale, "digits page");
            driver.findElement(By.id("phoneDigits")).sendKeys(hiddenDigits(phone));
            driver.findElement(By.id("recovery-digits-submit")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-sms-code-form")));
            assertLanguage(driver, locale, "code page");
            String codeSms = text(smsTo(env, phone).get(0));
            assertTrue(locale.equals("ru") ? codeSms.contains("код") : codeSms.contains("code"), codeSms);

            driver.findElement(By.id("code")).sendKeys(lastCode(env, phone));
            driver.findElement(By.id("recovery-code-submit")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-passwd-update-form")));
            Chromium.screenshot(driver, "language-" + locale + "-update-password-after-sms");
            assertLanguage(driver, locale, "Keycloak's update-password page, once the flow knows the account");
            driver.findElement(By.id("password-new")).sendKeys("Language-Pass-42");
            driver.findElement(By.id("password-confirm")).sendKeys("Language-Pass-42");
            driver.findElement(By.cssSelector("#kc-passwd-update-form button[type=submit]")).click();
            wait.until(d -> !d.getCurrentUrl().contains("login-actions"));

            List<String> sent = smsTo(env, phone).stream().map(PhoneRecoveryDriver::text).toList();
            assertEquals(2, sent.size(), sent.toString());
            String notice = sent.get(1);
            assertTrue(locale.equals("ru") ? notice.contains("изменён") : notice.contains("changed"), notice);
        } finally {
            driver.quit();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "ru"})
    void emailedLinkOpensInTheRequestLanguageInAnotherBrowser(String locale) throws Exception {
        String email = "lang-" + UUID.randomUUID().toString().substring(0, 8) + "@demo.local";
        String username = createUser(email, null, other(locale));
        WebDriver driver = Chromium.start(1000, 1000);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        String link;
        try {
            openLoginPageIn(driver, wait, locale);
            driver.findElement(By.cssSelector("a[href*='login-actions/reset-credentials']")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-chooser-continue"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-reset-password-form")));
            driver.findElement(By.id("username")).sendKeys(username);
            driver.findElement(By.id("recovery-by-email")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
            assertLanguage(driver, locale, "login page with \"email sent\"");
            link = MailedResetLinks.to(env, email);
            String subject = env.mail().messagesTo(email).get(0).getSubject();
            assertEquals(locale.equals("ru") ? "Сброс пароля" : "Reset password", subject);
        } finally {
            driver.quit();
        }

        // another browser, whose own language is the account's
        WebDriver other = Chromium.start(1000, 1000);
        try {
            other.get(link);
            new WebDriverWait(other, Duration.ofSeconds(60))
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("kc-passwd-update-form")));
            Chromium.screenshot(other, "language-" + locale + "-update-password-from-mailed-link");
            assertLanguage(other, locale, "the emailed link's update-password page in another browser");
        } finally {
            other.quit();
        }
    }

    private static String other(String locale) {
        return locale.equals("en") ? "ru" : "en";
    }

    /**
     * English by the login page's language switch (after the application asked for Russian), Russian by the
     * application's {@code ui_locales}.
     */
    private static void openLoginPageIn(WebDriver driver, WebDriverWait wait, String locale) {
        driver.get(env.keycloak().baseUrl() + loginUrl(env) + "&ui_locales=ru");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
        if (locale.equals("en")) {
            String switchTo = (String) ((JavascriptExecutor) driver).executeScript(
                    "var a = document.querySelector(\"a[href*='kc_locale=en']\");"
                            + "if (a) return a.href;"
                            + "var o = document.querySelector(\"option[value*='kc_locale=en']\");"
                            + "return o ? new URL(o.value, document.baseURI).href : null;");
            assertTrue(switchTo != null, "the login page has a language switch");
            driver.get(switchTo);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
        }
        assertLanguage(driver, locale, "login page");
    }

    private static void assertLanguage(WebDriver driver, String locale, String page) {
        assertEquals(locale, driver.findElement(By.tagName("html")).getAttribute("lang"), page);
    }

    /** A user whose own language ({@code locale} attribute) is {@code accountLocale}. */
    private static String createUser(String email, String phone, String accountLocale) {
        String username = "lang-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("locale", List.of(accountLocale));
        if (phone != null) {
            attributes.put("phoneNumber", List.of(phone));
            attributes.put("phoneNumberVerified", List.of("true"));
            attributes.put("phoneNumberConfirmed", List.of(phone));
        }
        Map<String, Object> user = new HashMap<>();
        user.put("username", username);
        user.put("firstName", "Test");
        user.put("lastName", "User");
        if (email != null) {
            user.put("email", email);
            user.put("emailVerified", true);
        }
        user.put("attributes", attributes);
        admin.createUser(REALM, user, PASSWORD);
        return username;
    }
}
