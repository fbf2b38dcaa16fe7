package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.sms.SmsLimits;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.TestUser;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.MailSink;
import io.github.kcrecovery.testing.Chromium;
import io.github.kcrecovery.testing.RequiresTools;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.testing.Tool;
import io.github.kcrecovery.username.RecoveryPages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, item 1: after each way back into an account, the person signs in to the account console in headless
 * Chromium and sees the profile page, not "Something went wrong" (imported users without role mappings got a 401
 * from the account API). The recovery pages are walked with {@link PhoneRecoveryDriver} and {@link RecoveryPages},
 * so a change of those pages only needs the drivers adjusted.
 */
@RequiresTools(Tool.CHROMIUM)
class AccountConsoleBrowserIT {

    private static final String PROFILE_HEADING = "Personal info";
    private static final String ERROR_PAGE = "Something went wrong";

    private static TestEnvironment env;
    private static AdminClient admin;
    private static JsonNode originalConfig;
    private static CaptchaVerifyStub captcha;
    private final List<TestUser> users = new ArrayList<>();

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
        admin = env.admin();
        originalConfig = setConfig(admin, RecoverySmsCodeFactory.PROVIDER_ID, Map.of(
                SmsLimits.MAX_SENDS_PER_IP, "100000", SmsLimits.MAX_SENDS_PER_REALM, "100000"));
        captcha = CaptchaVerifyStub.install(env);
    }

    @AfterAll
    static void stop() {
        captcha.close();
        restoreConfig(admin, originalConfig);
    }

    @AfterEach
    void deleteUsers() {
        users.forEach(u -> deleteUser(admin, u));
    }

    /** An imported demo user, read-only: the realm file must give its users the realm's default roles. */
    @Test
    void importedDemoUserSeesTheProfile() throws IOException {
        assertSignsInToTheAccountConsole(env.keycloak().baseUrl() + "/realms/demo/account/", "boris", PASSWORD,
                "account-console-boris");
    }

    @Test
    void afterAPasswordResetBySms() throws IOException {
        TestUser user = user();
        env.sms().settled(SETTLE);
        env.sms().clear();
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        flow.code(lastCode(env, user.phone()));
        assertTrue(flow.onPasswordPage(), flow.page().text());
        flow.newPassword("Console-Sms-42");
        assertSignsInToTheAccountConsole(env.keycloak().baseUrl() + "/realms/demo/account/", user.username(),
                "Console-Sms-42", "account-console-after-sms");
    }

    @Test
    void afterAPasswordResetByTheEmailLink() throws IOException {
        TestUser user = user();
        env.mail().clear();
        new PhoneRecoveryDriver(env).start().identify(user.username(), "email");
        env.mail().awaitMessages(1, Duration.ofSeconds(15));
        String body = MailSink.textBody(env.mail().messagesTo(user.email()).get(0));
        Matcher link = Pattern.compile("(https?://\\S+action-token\\S+)").matcher(body);
        assertTrue(link.find(), body);
        PhoneRecoveryDriver other = new PhoneRecoveryDriver(env);
        other.browser.get(link.group(1));
        assertTrue(other.onPasswordPage(), other.page().text());
        other.newPassword("Console-Mail-42");
        assertSignsInToTheAccountConsole(env.keycloak().baseUrl() + "/realms/demo/account/", user.username(),
                "Console-Mail-42", "account-console-after-email-link");
    }

    /**
     * Issue 14: the admin's SMS link showed Keycloak's "Perform the following action(s)… Click here to proceed",
     * and after the new password "Your account has been updated" with no way on. Now the link opens the password
     * page at once and the last page leads to the account console, where the person signs in.
     */
    @Test
    void afterTheAdminSmsLink() throws IOException, InterruptedException {
        TestUser user = user();
        env.sms().settled(SETTLE);
        env.sms().clear();
        AdminClient.Response sent = admin.post("/admin/realms/" + REALM + "/recovery/users/" + user.id() + "/send-recovery-sms", "{}");
        assertTrue(sent.status() == 200, sent.body());
        String sms = env.sms().awaitRequests(1, Duration.ofSeconds(30)).get(0).body();
        Matcher link = Pattern.compile("(https?://[^\\s\"]+)").matcher(AdminClient.JSON.readTree(sms).path("text").asText());
        assertTrue(link.find(), sms);

        WebDriver driver = Chromium.start(1000, 1000);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(link.group(1));
            wait.until(d -> !d.findElements(By.cssSelector("#kc-passwd-update-form, #kc-info-message")).isEmpty());
            Chromium.screenshot(driver, "admin-sms-link-opened");
            assertFalse(driver.findElements(By.id("kc-passwd-update-form")).isEmpty(),
                    "the link opens the password page at once:\n" + bodyText(driver));
            driver.findElement(By.id("password-new")).sendKeys("Console-Admin-42");
            driver.findElement(By.id("password-confirm")).sendKeys("Console-Admin-42");
            driver.findElement(By.cssSelector("#kc-passwd-update-form [type=submit]")).click();
            wait.until(d -> d.findElements(By.id("kc-passwd-update-form")).isEmpty());
            Chromium.screenshot(driver, "admin-sms-link-done");
            List<org.openqa.selenium.WebElement> onward = driver.findElements(By.cssSelector("a[href*='/realms/" + REALM + "/account']"));
            assertFalse(onward.isEmpty(), "the last page leads on to signing in:\n" + bodyText(driver));
            onward.get(0).click();
            signInAndSeeTheProfile(driver, user.username(), "Console-Admin-42", "account-console-after-admin-sms");
        } finally {
            driver.quit();
        }
    }

    /** boris forgot his login: the reminder's "Sign in" link leads to a working account console. */
    @Test
    void throughTheSignInLinkOfTheForgotLoginMail() throws IOException {
        env.mail().clear();
        RecoveryPages.ask(RecoveryPages.openUsernameForm(env, "username"), "boris@demo.local", null, "1985-11-02");
        env.mail().awaitMessages(1, Duration.ofSeconds(15));
        String body = MailSink.textBody(env.mail().messagesTo("boris@demo.local").get(0));
        Matcher link = Pattern.compile("(https?://\\S+/realms/demo/account\\S*)").matcher(body);
        assertTrue(link.find(), body);
        assertSignsInToTheAccountConsole(link.group(1), "boris", PASSWORD, "account-console-from-reminder");
    }

    private TestUser user() {
        TestUser user = createUser(admin, "console", true);
        users.add(user);
        return user;
    }

    private static void assertSignsInToTheAccountConsole(String url, String username, String password, String shot)
            throws IOException {
        WebDriver driver = Chromium.start(1000, 1000);
        try {
            driver.get(url + (url.contains("?") ? "&" : "?") + "kc_locale=en");
            signInAndSeeTheProfile(driver, username, password, shot);
        } finally {
            driver.quit();
        }
    }

    /** On Keycloak's sign-in page of the account console: signs in and expects the profile page. */
    private static void signInAndSeeTheProfile(WebDriver driver, String username, String password, String shot) {
        {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
            driver.findElement(By.id("username")).sendKeys(username);
            driver.findElement(By.id("password")).sendKeys(password);
            driver.findElement(By.id("kc-login")).click();
            wait.until(d -> d.findElements(By.id("kc-form-login")).isEmpty()
                    && (bodyText(d).contains(PROFILE_HEADING) || bodyText(d).contains(ERROR_PAGE)));
            Chromium.screenshot(driver, shot);
            String text = bodyText(driver);
            assertFalse(text.contains(ERROR_PAGE), username + " got the account console's error page:\n" + text);
            assertTrue(text.contains(PROFILE_HEADING), text);
            wait.until(d -> username.equals(d.findElement(By.id("username")).getAttribute("value")));
        }
    }

    private static String bodyText(WebDriver driver) {
        return driver.findElement(By.tagName("body")).getText();
    }
}
