package io.github.kcrecovery.username;

import io.github.kcrecovery.admin.DemoRealmUsers;
import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.Chromium;
import io.github.kcrecovery.testing.MailSink;
import io.github.kcrecovery.testing.RequiresTools;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.testing.Tool;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, item 7: forgot login answers on the channel the person typed. An account with a confirmed email AND a
 * confirmed phone gets its login by SMS when only the phone was typed, by email when only the email was typed, and
 * both ways when both were typed; the answer page is the same whatever matched.
 */
@RequiresTools(Tool.CHROMIUM)
class ForgotLoginChannelBrowserIT {

    private static final String BIRTHDATE = "2010-10-10";
    private static final Duration SETTLE = Duration.ofMillis(1500);
    private final TestEnvironment env = TestEnvironment.get();

    @ParameterizedTest
    @ValueSource(strings = {"en", "ru"})
    void answersOnTheChannelThePersonTyped(String locale) throws Exception {
        // every IT reaches the server from 127.0.0.1: the hourly per-client and realm SMS budgets are not the point
        try (FlowExecutions.Restore restore = RecoveryPages.usernameConfig(env, Map.of(
                "maxSendsPerIpPerHour", "100000", "maxSendsPerRealmPerHour", "100000"))) {
            String loginWord = locale.equals("ru") ? "логин" : "login";

            // a new account (with a confirmed email and a confirmed phone) per SMS: one number gets one every 30 s
            Account anna = Account.create(env);
            Answer byPhone = ask(locale, "username", null, readable(anna.phone()), "phone-only");
            assertEquals(List.of(), byPhone.mails(), "typed only the phone: no email");
            assertEquals(1, byPhone.sms().size(), "typed only the phone: the login by SMS");
            assertTrue(byPhone.smsText(0).contains(anna.username()) && byPhone.smsText(0).contains(loginWord), byPhone.smsText(0));

            Answer byEmail = ask(locale, "username", anna.email(), null, "email-only");
            assertEquals(0, byEmail.sms().size(), "typed only the email: no SMS");
            assertEquals(1, byEmail.mails().size(), "typed only the email: the login by email");
            assertTrue(MailSink.textBody(byEmail.mails().get(0)).contains(anna.username()));

            Account boris = Account.create(env);
            Answer byBoth = ask(locale, "username", boris.email(), readable(boris.phone()), "email-and-phone");
            assertEquals(1, byBoth.mails().size(), "typed both: an email");
            assertEquals(1, byBoth.sms().size(), "typed both: an SMS");
            assertTrue(byBoth.smsText(0).contains(boris.username()), byBoth.smsText(0));

            // what the page says depends on what was typed, never on what matched
            Answer unknownPhone = ask(locale, "username", null, readable(DemoRealmUsers.freshPhone()), "unknown-phone");
            assertEquals(byPhone.page(), unknownPhone.page());
            assertEquals(0, unknownPhone.sms().size());

            // "I forgot both" with only the phone: the login by SMS, no email, and the page says so
            Account vera = Account.create(env);
            Answer bothByPhone = ask(locale, "both", null, readable(vera.phone()), "forgot-both-phone-only");
            assertEquals(List.of(), bothByPhone.mails(), "forgot both, typed only the phone: no email");
            assertEquals(1, bothByPhone.sms().size(), "forgot both, typed only the phone: the login by SMS");
            assertTrue(bothByPhone.page().contains(locale.equals("ru") ? "в SMS" : "by SMS"), bothByPhone.page());
            Answer bothUnknownPhone = ask(locale, "both", null, readable(DemoRealmUsers.freshPhone()), "forgot-both-unknown-phone");
            assertEquals(bothByPhone.page(), bothUnknownPhone.page());
        }
    }

    private record Account(String username, String email, String phone) {
        static Account create(TestEnvironment env) {
            String email = RecoveryPages.uniqueEmail();
            String phone = DemoRealmUsers.freshPhone();
            return new Account(RecoveryPages.createUser(env, email, true, phone, BIRTHDATE), email, phone);
        }
    }

    private record Answer(String page, List<MimeMessage> mails, List<SmsGatewayStub.Request> sms) {
        String smsText(int i) {
            try {
                return AdminClient.JSON.readTree(sms.get(i).body()).path("text").asText();
            } catch (Exception e) {
                throw new AssertionError(sms.get(i).body(), e);
            }
        }
    }

    /** One forgot-login request in a fresh browser; what the answer page said and what was sent. */
    private Answer ask(String locale, String option, String email, String phone, String name) throws InterruptedException {
        env.mail().clear();
        env.sms().clear();
        WebDriver driver = Chromium.start(1000, 1100);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        try {
            driver.get(env.keycloak().baseUrl() + RecoveryPages.loginUrl(env) + "&ui_locales=" + locale);
            driver.findElement(By.cssSelector("a[href*='login-actions/reset-credentials']")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recoveryOption-" + option))).click();
            driver.findElement(By.id("kc-recovery-chooser-continue")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-username-form")));
            if (email != null) {
                driver.findElement(By.id("email")).sendKeys(email);
            }
            if (phone != null) {
                driver.findElement(By.id("phone")).sendKeys(phone);
            }
            ((JavascriptExecutor) driver).executeScript("document.getElementById('birthdate').value = arguments[0];", BIRTHDATE);
            driver.findElement(By.id("kc-recovery-username-submit")).click();
            String page = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-username-sent"))).getText();
            Chromium.screenshot(driver, "forgot-login-" + name + "-" + locale);
            List<SmsGatewayStub.Request> sms = env.sms().settled(SETTLE);
            return new Answer(page, env.mail().messages(), sms);
        } finally {
            driver.quit();
        }
    }

    /** The number as people type it: {@code 8 916 123-45-67}. */
    private static String readable(String e164) {
        String n = e164.substring(2);
        return "8 " + n.substring(0, 3) + " " + n.substring(3, 6) + "-" + n.substring(6, 8) + "-" + n.substring(8);
    }
}
