package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.sms.SmsLimits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.MailSink;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.TestEnvironment;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 10, item 8: a password changed through recovery is announced on EACH confirmed channel (email and phone),
 * whichever path changed it, and a change of the confirmed phone is announced to the OLD number and the email, so
 * that whoever took over an account through one channel cannot hide it from the owner. No notice carries a secret.
 */
class RecoveryNoticesIT {

    private static final String VERIFY_FORM = "#recovery-verify-phone-form";
    private static final String VERIFY_CONFIG = "/admin/realms/" + REALM + "/authentication/required-actions/"
            + VerifyPhoneNumberAction.ID + "/config";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestEnvironment env;
    private static AdminClient admin;
    private static JsonNode smsStepConfig;
    private static CaptchaVerifyStub captcha;
    private TestUser user;

    @BeforeAll
    static void liftIpLimits() {
        env = TestEnvironment.get();
        admin = env.admin();
        assertEquals(204, admin.put(VERIFY_CONFIG, Map.of("config", Map.of(
                SmsLimits.MAX_SENDS_PER_IP, "100000",
                SmsLimits.MAX_SENDS_PER_REALM, "100000"))).status());
        smsStepConfig = setConfig(admin, RecoverySmsCodeFactory.PROVIDER_ID, Map.of(
                PhoneRecoverySettings.RESEND_COOLDOWN, "0",
                SmsLimits.MAX_SENDS_PER_IP, "100000",
                SmsLimits.MAX_SENDS_PER_REALM, "100000"));
        captcha = CaptchaVerifyStub.install(env);
    }

    @AfterAll
    static void restore() {
        captcha.close();
        admin.delete(VERIFY_CONFIG);
        restoreConfig(admin, smsStepConfig);
    }

    @BeforeEach
    void clear() {
        env.sms().settled(SETTLE);
        env.sms().clear();
        env.mail().clear();
    }

    @AfterEach
    void delete() {
        deleteUser(admin, user);
    }

    @Test
    void emailLinkResetNotifiesTheConfirmedPhoneToo() throws Exception {
        user = createUser(admin, "notice-email", true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).start().identify(user.username(), "email");
        assertNotNull(flow.alert(), flow.page().text());
        env.mail().awaitMessages(1, WAIT);
        String body = MailSink.textBody(env.mail().messagesTo(user.email()).get(0));
        Matcher link = Pattern.compile("(https?://\\S+action-token\\S+)").matcher(body);
        assertTrue(link.find(), body);
        env.mail().clear();

        flow.browser.get(link.group(1));
        assertTrue(flow.onPasswordPage(), flow.page().text());
        flow.newPassword("Notice-Pass-1");

        assertNoticeSmsTo(user.phone(), "password");
        assertEquals(1, noticeMails(user.email()).size(), "and a notice email");
    }

    @Test
    void smsResetNotifiesTheEmailAndThePhone() throws Exception {
        user = createUser(admin, "notice-sms", true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        flow.code(lastCode(env, user.phone()));
        assertTrue(flow.onPasswordPage(), flow.page().text());
        env.sms().clear();
        flow.newPassword("Notice-Pass-2");

        assertNoticeSmsTo(user.phone(), "password");
        assertEquals(1, noticeMails(user.email()).size(), "a notice email as well");
    }

    @Test
    void verifyPhoneWithANewNumberNotifiesTheOldNumberAndTheEmail() throws Exception {
        user = createUser(admin, "notice-verify", true);
        String newNumber = randomPhone();
        JsonNode rep = admin.get(userPath()).json();
        ((ObjectNode) rep).putPOJO("requiredActions", List.of(VerifyPhoneNumberAction.ID));
        assertEquals(204, admin.put(userPath(), rep.toString()).status());

        BrowserlessSession browser = env.browser();
        browser.get(loginUrl(env));
        browser.submit("#kc-form-login", Map.of("username", user.username(), "password", PASSWORD));
        browser.submit(VERIFY_FORM, Map.of("phoneNumber", newNumber));
        browser.submit(VERIFY_FORM, Map.of("code", lastCode(env, newNumber)));
        assertNull(browser.document().selectFirst(VERIFY_FORM), browser.document().text());

        assertNoticeSmsTo(user.phone(), "phone");
        assertEquals(1, noticeMails(user.email()).size(), "a notice email");
    }

    @Test
    void adminEditOfTheConfirmedPhoneNotifiesTheOldNumberAndTheEmail() throws Exception {
        user = createUser(admin, "notice-admin", true);
        ObjectNode rep = (ObjectNode) admin.get(userPath()).json();
        ((ObjectNode) rep.path("attributes")).putPOJO("phoneNumber", List.of(randomPhone()));
        assertEquals(204, admin.put(userPath(), rep.toString()).status());

        assertNoticeSmsTo(user.phone(), "phone");
        assertEquals(1, noticeMails(user.email()).size(), "a notice email");
    }

    private void assertNoticeSmsTo(String e164, String kind) throws InterruptedException {
        env.sms().awaitRequests(1, WAIT);
        List<SmsGatewayStub.Request> sent = smsTo(env, e164);
        assertEquals(1, sent.size(), "one " + kind + " notice SMS to " + e164 + ", got " + env.sms().requests());
        String text = text(sent.get(0));
        assertTrue(text.contains(user.username()), "a notice names the account: " + text);
        assertFalse(text.contains("http"), "no link in a notice: " + text);
    }

    private List<MimeMessage> noticeMails(String email) throws MessagingException {
        env.mail().awaitMessages(1, WAIT);
        List<MimeMessage> notices = new java.util.ArrayList<>();
        for (MimeMessage message : env.mail().messagesTo(email)) {
            String body = MailSink.textBody(message);
            assertFalse(body.contains("action-token") || body.contains(user.phone().substring(2)), "no link or number in a notice: " + body);
            notices.add(message);
        }
        return notices;
    }

    private String userPath() {
        return "/admin/realms/" + REALM + "/users/" + user.id();
    }
}
