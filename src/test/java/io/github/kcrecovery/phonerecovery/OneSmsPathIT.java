package io.github.kcrecovery.phonerecovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.sms.SmsLimits;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.username.RecoveryPages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 11, "One SMS path": every kind of SMS (recovery code, login reminder, verify-phone code, admin link, test SMS,
 * notice) draws on the one realm budget and reports the outcome as the same events. With the budget at 3, one SMS of
 * each kind: the first three go out, every later one is refused with an event naming {@code realm_budget}. Then none of
 * the codes or links sent appears in the server log (which runs the extension at DEBUG).
 */
class OneSmsPathIT {

    private static final String VERIFY_FORM = "#recovery-verify-phone-form";
    private static final String VERIFY_CONFIG = "/admin/realms/" + REALM + "/authentication/required-actions/"
            + VerifyPhoneNumberAction.ID + "/config";
    private static final Map<String, String> BUDGET_OF_3 = Map.of(
            SmsLimits.MAX_SENDS_PER_REALM, "3", SmsLimits.MAX_SENDS_PER_IP, "100000", PhoneRecoverySettings.RESEND_COOLDOWN, "0");

    private static TestEnvironment env;
    private static AdminClient admin;
    private static JsonNode smsStepConfig;
    private static FlowExecutions.Restore usernameConfig;
    private static CaptchaVerifyStub captcha;
    private static final List<String> users = new ArrayList<>();

    @BeforeAll
    static void budgetOf3() {
        env = TestEnvironment.get();
        admin = env.admin();
        captcha = CaptchaVerifyStub.install(env);
        smsStepConfig = setConfig(admin, RecoverySmsCodeFactory.PROVIDER_ID, BUDGET_OF_3);
        usernameConfig = RecoveryPages.usernameConfig(env, Map.of(
                SmsLimits.MAX_SENDS_PER_REALM, "3", SmsLimits.MAX_SENDS_PER_IP, "100000"));
        assertEquals(204, admin.put(VERIFY_CONFIG, Map.of("config", BUDGET_OF_3)).status());
    }

    @AfterAll
    static void restore() throws Exception {
        users.forEach(id -> admin.delete("/admin/realms/" + REALM + "/users/" + id));
        admin.delete(VERIFY_CONFIG);
        usernameConfig.close();
        restoreConfig(admin, smsStepConfig);
        captcha.close();
    }

    @Test
    void theRealmBudgetCountsEveryKindOfSmsAndTheFourthIsRefusedWithAnEvent() throws Exception {
        env.sms().settled(SETTLE);
        env.sms().clear();
        List<String> secrets = new ArrayList<>();

        // 1: a recovery code
        TestUser codeUser = createUser(admin, "path-code", false);
        users.add(codeUser.id());
        new PhoneRecoveryDriver(env).toCodePage(codeUser.username(), hiddenDigits(codeUser.phone()));
        secrets.add(lastCode(env, codeUser.phone()));

        // 2: a login reminder by SMS (an account without email)
        String reminderPhone = randomPhone();
        String reminderUser = RecoveryPages.createUser(env, null, false, reminderPhone, "2001-02-03");
        users.add(userId(reminderUser));
        RecoveryPages.ask(RecoveryPages.openUsernameForm(env, "username"), null, reminderPhone, "2001-02-03");
        assertEquals(1, smsTo(env, reminderPhone).size(), "the login reminder went out");

        // 3: a verify-phone code
        TestUser verifyUser = createUser(admin, "path-verify", true);
        users.add(verifyUser.id());
        String newNumber = randomPhone();
        BrowserlessSession browser = env.browser();
        browser.get(loginUrl(env) + "&kc_action=" + VerifyPhoneNumberAction.ID);
        browser.submit("#kc-form-login", Map.of("username", verifyUser.username(), "password", PASSWORD));
        browser.submit(VERIFY_FORM, Map.of("phoneNumber", newNumber));
        secrets.add(lastCode(env, newNumber));
        assertEquals(3, env.sms().settled(SETTLE).size(), "three SMS within the budget");

        // 4: an admin link: refused, the admin is told, an event names the budget
        TestUser linkUser = createUser(admin, "path-link", false);
        users.add(linkUser.id());
        AdminClient.Response link = admin.post("/admin/realms/" + REALM + "/recovery/users/" + linkUser.id() + "/send-recovery-sms", Map.of());
        assertEquals(429, link.status(), link.body());

        // 5: the test SMS
        AdminClient.Response test = admin.post("/admin/realms/" + REALM + "/recovery/sms/test",
                Map.of("phoneNumber", randomPhone(), "message", "hello"));
        assertEquals(429, test.status(), test.body());

        // 6: a notice (the verify-phone code confirms a new number, which notifies the old one)
        browser.submit(VERIFY_FORM, Map.of("code", secrets.get(1)));
        assertNull(browser.document().selectFirst(VERIFY_FORM), browser.document().text());

        assertEquals(3, env.sms().settled(SETTLE).size(), "nothing beyond the budget left the server");
        List<String> refusedSteps = new ArrayList<>();
        for (JsonNode event : admin.get("/admin/realms/" + REALM + "/events?type=SEND_RESET_PASSWORD_ERROR&max=50").json()) {
            JsonNode details = event.path("details");
            if ("realm_budget".equals(details.path("reason").asText())) {
                assertEquals("not_allowed", event.path("error").asText());
                refusedSteps.add(details.path("sms_kind").asText());
            }
        }
        assertTrue(refusedSteps.containsAll(List.of("admin_link", "test", "notice")), refusedSteps.toString());

        // codes and links never reach the log, at any level the server runs
        String log = Files.readString(env.keycloak().logFile());
        for (String secret : secrets) {
            assertFalse(Pattern.compile("(?<![\\w-])" + secret + "(?![\\w-])").matcher(log).find(), "a code in the server log");
        }
        for (SmsGatewayStub.Request request : env.sms().requests()) {
            Matcher url = Pattern.compile("https?://\\S+").matcher(text(request));
            while (url.find()) {
                assertFalse(log.contains(url.group()), "a link in the server log: " + url.group());
            }
        }
        assertFalse(log.contains(reminderPhone) || log.contains(codeUser.phone()) || log.contains(newNumber), "a full number in the log");
    }

    private static String userId(String username) {
        return admin.get("/admin/realms/" + REALM + "/users?exact=true&username=" + username).json().get(0).path("id").asText();
    }
}
