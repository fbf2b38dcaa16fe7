package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.sms.SmsLimits;
import io.github.kcrecovery.phone.ConfirmedPhone;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.Smoke;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.*;

/** The {@code recovery-verify-phone} required action, and what a later change of the number does. */
class PhoneVerificationIT {

    private static TestEnvironment env;
    private static AdminClient admin;
    private static JsonNode smsStepConfig;
    private static CaptchaVerifyStub captcha;
    private String userId;

    private static final String CONFIG = "/admin/realms/" + REALM + "/authentication/required-actions/" + VerifyPhoneNumberAction.ID + "/config";

    @BeforeAll
    static void relaxLimits() {
        env = TestEnvironment.get();
        admin = env.admin();
        // every test comes from 127.0.0.1: lift the hourly per-IP and realm limits of the action
        assertEquals(204, admin.put(CONFIG, Map.of("config", Map.of(
                SmsLimits.MAX_SENDS_PER_IP, "100000",
                SmsLimits.MAX_SENDS_PER_REALM, "100000"))).status());
        smsStepConfig = setConfig(admin, RecoverySmsCodeFactory.PROVIDER_ID, Map.of(
                PhoneRecoverySettings.RESEND_COOLDOWN, "0",
                SmsLimits.MAX_SENDS_PER_IP, "100000",
                SmsLimits.MAX_SENDS_PER_REALM, "100000"));
        captcha = CaptchaVerifyStub.install(env);
    }

    @AfterAll
    static void restoreLimits() {
        captcha.close();
        admin.delete(CONFIG);
        restoreConfig(admin, smsStepConfig);
    }

    @BeforeEach
    void clear() {
        // a test's last SMS goes out after its last page: let it land before clearing
        env.sms().settled(PhoneRecoveryDriver.SETTLE);
        env.sms().clear();
    }

    @AfterEach
    void deleteUser() {
        if (userId != null) {
            admin.delete("/admin/realms/" + REALM + "/users/" + userId);
        }
    }

    private String createUser(List<String> requiredActions) {
        String username = "verify-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> user = new HashMap<>(Map.of("username", username, "firstName", "Test", "lastName", "User",
                "email", username + "@demo.local", "emailVerified", true));
        userId = admin.createUser(REALM, user, PASSWORD);
        if (!requiredActions.isEmpty()) {
            JsonNode rep = admin.get(userPath()).json();
            ((ObjectNode) rep).putPOJO("requiredActions", requiredActions);
            assertEquals(204, admin.put(userPath(), rep.toString()).status());
        }
        return username;
    }

    private String userPath() {
        return "/admin/realms/" + REALM + "/users/" + userId;
    }

    private String attribute(String name) {
        JsonNode values = admin.get(userPath()).json().path("attributes").path(name);
        return values.isArray() && !values.isEmpty() ? values.get(0).asText() : null;
    }

    private BrowserlessSession login(String username, String extraQuery) {
        BrowserlessSession browser = env.browser();
        browser.get(loginUrl(env) + extraQuery);
        browser.submit("#kc-form-login", Map.of("username", username, "password", PASSWORD));
        return browser;
    }

    @Test
    @Smoke
    void assignedActionConfirmsAPhoneBySms() {
        String username = createUser(List.of(VerifyPhoneNumberAction.ID));
        BrowserlessSession browser = login(username, "");
        assertNotNull(browser.document().selectFirst("#recovery-verify-phone-form"), browser.document().text());

        browser.submit("#recovery-verify-phone-form", Map.of("phoneNumber", "12ab"));
        assertNotNull(browser.document().getElementById("input-error-phoneNumber"), "bad number: a field message");

        String e164 = randomPhone();
        String national = e164.substring(2);
        browser.submit("#recovery-verify-phone-form", Map.of("phoneNumber",
                "8 (" + national.substring(0, 3) + ") " + national.substring(3, 6) + "-" + national.substring(6)));
        assertEquals(1, smsTo(env, e164).size(), "code sent to the normalized number");
        String code = lastCode(env, e164);

        browser.submit("#recovery-verify-phone-form", Map.of("code", code.equals("000000") ? "111111" : "000000"));
        assertNotNull(browser.document().getElementById("input-error-code"), "wrong code refused");
        assertNull(attribute("phoneNumberVerified"));

        browser.submit("#recovery-verify-phone-form", Map.of("code", code));
        assertNull(browser.document().selectFirst("#recovery-verify-phone-form"), browser.document().text());
        assertEquals(e164, attribute("phoneNumber"));
        assertEquals("true", attribute("phoneNumberVerified"));

        // the confirmed phone now qualifies for the SMS recovery
        env.sms().clear();
        new PhoneRecoveryDriver(env).toCodePage(username, hiddenDigits(e164));
        assertEquals(1, smsTo(env, e164).size());
    }

    @Test
    void applicationCanStartItWithKcAction() {
        String username = createUser(List.of());
        BrowserlessSession browser = login(username, "&kc_action=" + VerifyPhoneNumberAction.ID);
        assertNotNull(browser.document().selectFirst("#recovery-verify-phone-form"), browser.document().text());
        assertNotNull(browser.document().selectFirst("button[name=cancel-aia]"), "an app-initiated action can be cancelled");
    }

    @Test
    void changingTheNumberClearsTheConfirmation() {
        String username = createUser(List.of());
        String first = randomPhone();
        ObjectNode rep = (ObjectNode) admin.get(userPath()).json();
        ObjectNode attributes = rep.putObject("attributes");
        attributes.putPOJO("phoneNumber", List.of(first));
        attributes.putPOJO("phoneNumberVerified", List.of("true"));
        attributes.putPOJO(ConfirmedPhone.CONFIRMED_COPY, List.of(first));
        assertEquals(204, admin.put(userPath(), rep.toString()).status());
        assertEquals("true", attribute("phoneNumberVerified"));

        String second = randomPhone();
        rep = (ObjectNode) admin.get(userPath()).json();
        ((ObjectNode) rep.path("attributes")).putPOJO("phoneNumber", List.of(second));
        assertEquals(204, admin.put(userPath(), rep.toString()).status());
        assertEquals("false", attribute("phoneNumberVerified"), "an admin's change of the number clears the confirmation");

        new PhoneRecoveryDriver(env).toCodePage(username, hiddenDigits(second));
        assertEquals(0, smsTo(env, second).size(), "an unconfirmed number gets no recovery SMS");
    }
}
