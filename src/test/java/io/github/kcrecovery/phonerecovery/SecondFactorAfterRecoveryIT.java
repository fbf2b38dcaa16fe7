package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.emaillink.MailedResetLinks;
import io.github.kcrecovery.phone.ConfirmedPhone;
import io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.TestUser;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.username.RecoveryPages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attack: recovering an account that has a second factor, without it. Whoever controls the mailbox or the phone
 * must still pass one of the account's second factors (OTP, WebAuthn, passkey, recovery codes) before setting a
 * password and getting a session, on every recovery path: the emailed link, "forgot both", the SMS code and the
 * link an admin sends by SMS. The account keeps its factor afterwards.
 */
class SecondFactorAfterRecoveryIT {

    private static final String OTP_SECRET = "12345678901234567890";
    private static final String OTP_FORM = "#kc-otp-login-form";
    private static final String RECOVERY_CODE_FORM = "#kc-recovery-code-login-form";
    private static final String BIRTHDATE = "1990-01-01";
    private static final String NEW_PASSWORD = "Brand-New-Pass-9";
    private static final Pattern ANY_LINK = Pattern.compile("https?://\\S+");

    private static TestEnvironment env;
    private static AdminClient admin;
    private static CaptchaVerifyStub captcha;
    private final List<TestUser> users = new ArrayList<>();

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
        admin = env.admin();
        captcha = CaptchaVerifyStub.install(env);
    }

    @AfterAll
    static void stop() {
        captcha.close();
    }

    @AfterEach
    void removeUsers() {
        users.forEach(u -> deleteUser(admin, u));
    }

    @Test
    void emailLinkDoesNotSkipTheOtp() throws Exception {
        TestUser user = userWith(otp());
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).start().identify(user.username(), "email");
        assertNotNull(flow.alert(), flow.page().text());
        BrowserlessSession browser = env.browser().get(MailedResetLinks.to(env, user.email()));

        assertOtpAskedThenPasswordSet(browser, user);
    }

    @Test
    void forgotBothLinkDoesNotSkipTheOtp() throws Exception {
        TestUser user = userWith(otp());
        BrowserlessSession asked = RecoveryPages.openUsernameForm(env, "both");
        RecoveryPages.ask(asked, user.email(), null, BIRTHDATE);
        assertNotNull(asked.document().selectFirst(RecoveryPages.SENT_PAGE), asked.document().text());
        BrowserlessSession browser = env.browser().get(MailedResetLinks.to(env, user.email()));

        assertOtpAskedThenPasswordSet(browser, user);
    }

    @Test
    void adminSmsLinkDoesNotSkipTheOtp() throws Exception {
        TestUser user = userWith(otp());
        AdminClient.Response sent = admin.post("/admin/realms/" + REALM + "/recovery/users/" + user.id() + "/send-recovery-sms", "{}");
        assertEquals(200, sent.status(), sent.body());
        Matcher link = ANY_LINK.matcher(text(onlySmsTo(user.phone())));
        assertTrue(link.find());
        BrowserlessSession browser = env.browser().get(link.group());

        assertOtpAskedThenPasswordSet(browser, user);
    }

    @Test
    void smsCodeDoesNotSkipRecoveryCodes() throws Exception {
        String code = "ABCD1234EFGH";
        TestUser user = userWith(recoveryCodes(code, "IJKL5678MNOP"));
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        flow.code(lastCode(env, user.phone()));

        assertNotNull(flow.page().selectFirst(RECOVERY_CODE_FORM), "a recovery code is asked: " + flow.page().text());
        assertNull(flow.page().selectFirst("#kc-passwd-update-form"));
        flow.browser.submit(RECOVERY_CODE_FORM, Map.of("recoveryCodeInput", code));
        assertTrue(flow.onPasswordPage(), flow.page().text());
        flow.newPassword(NEW_PASSWORD);
        assertTrue(canLogIn(env, user.username(), NEW_PASSWORD));
        assertTrue(credentialTypes(user).contains("recovery-authn-codes"), "recovery codes kept");
    }

    @Test
    void emailLinkDoesNotSkipRecoveryCodes() throws Exception {
        String code = "QRST1234UVWX";
        TestUser user = userWith(recoveryCodes(code, "YZAB5678CDEF"));
        new PhoneRecoveryDriver(env).start().identify(user.username(), "email");
        BrowserlessSession browser = env.browser().get(MailedResetLinks.to(env, user.email()));

        assertNotNull(browser.document().selectFirst(RECOVERY_CODE_FORM), "a recovery code is asked: " + browser.document().text());
        browser.submit(RECOVERY_CODE_FORM, Map.of("recoveryCodeInput", code));
        assertNotNull(browser.document().selectFirst("#kc-passwd-update-form"), browser.document().text());
        assertTrue(credentialTypes(user).contains("recovery-authn-codes"), "recovery codes kept");
    }

    private void assertOtpAskedThenPasswordSet(BrowserlessSession browser, TestUser user) throws Exception {
        assertNotNull(browser.document().selectFirst(OTP_FORM), "OTP asked before the new password: " + browser.document().text());
        assertNull(browser.document().selectFirst("#kc-passwd-update-form"));
        browser.submit(OTP_FORM, Map.of("otp", PhoneRecoveryIT.Totp.now(OTP_SECRET)));
        assertNotNull(browser.document().selectFirst("#kc-passwd-update-form"), browser.document().text());
        browser.submit("#kc-passwd-update-form", Map.of("password-new", NEW_PASSWORD, "password-confirm", NEW_PASSWORD));
        assertNull(browser.document().selectFirst("#kc-passwd-update-form"), browser.document().text());
        assertTrue(credentialTypes(user).contains("otp"), "OTP credential kept");
    }

    private static Map<String, Object> otp() {
        return Map.of("type", "otp", "userLabel", "phone app",
                "secretData", "{\"value\":\"" + OTP_SECRET + "\"}",
                "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
    }

    /** Keycloak's stored form of recovery codes: SHA-512 of each code, Base64. */
    private static Map<String, Object> recoveryCodes(String... codes) throws Exception {
        List<Map<String, Object>> hashed = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            byte[] hash = MessageDigest.getInstance("SHA-512").digest(codes[i].getBytes(StandardCharsets.UTF_8));
            hashed.add(Map.of("number", i + 1, "encodedHashedValue", Base64.getEncoder().encodeToString(hash)));
        }
        return Map.of("type", "recovery-authn-codes", "userLabel", "recovery codes",
                "secretData", AdminClient.JSON.writeValueAsString(Map.of("codes", hashed)),
                "credentialData", AdminClient.JSON.writeValueAsString(Map.of("algorithm", "SHA-512",
                        "totalCodes", codes.length, "remainingCodes", codes.length)));
    }

    /** An account with email, confirmed phone, birth date, password and the given second factor. */
    private TestUser userWith(Map<String, Object> secondFactor) {
        String username = "2fa-" + UUID.randomUUID().toString().substring(0, 8);
        String phone = randomPhone();
        String email = username + "@demo.local";
        Map<String, Object> rep = new HashMap<>();
        rep.put("username", username);
        rep.put("enabled", true);
        rep.put("email", email);
        rep.put("emailVerified", true);
        rep.put("firstName", "Test");
        rep.put("lastName", "User");
        rep.put("attributes", Map.of("phoneNumber", List.of(phone), "phoneNumberVerified", List.of("true"),
                ConfirmedPhone.CONFIRMED_COPY, List.of(phone), "birthdate", List.of(BIRTHDATE)));
        rep.put("credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false), secondFactor));
        AdminClient.Response created = admin.post("/admin/realms/" + REALM + "/users", rep);
        assertEquals(201, created.status(), created.body());
        String id = admin.get("/admin/realms/" + REALM + "/users?exact=true&username=" + username).json().get(0).path("id").asText();
        TestUser user = new TestUser(id, username, phone, email);
        users.add(user);
        assertTrue(credentialTypes(user).contains(secondFactor.get("type").toString()), credentialTypes(user).toString());
        return user;
    }

    private static List<String> credentialTypes(TestUser user) {
        List<String> types = new ArrayList<>();
        admin.get("/admin/realms/" + REALM + "/users/" + user.id() + "/credentials").json()
                .forEach(c -> types.add(c.path("type").asText()));
        return types;
    }

    private static io.github.kcrecovery.testing.SmsGatewayStub.Request onlySmsTo(String phone) {
        List<io.github.kcrecovery.testing.SmsGatewayStub.Request> sent = smsTo(env, phone);
        assertEquals(1, sent.size(), "one SMS to the account's phone");
        return sent.get(0);
    }
}
