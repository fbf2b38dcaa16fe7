package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.sms.SmsLimits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
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

/**
 * Attack (issue 10, item 1): a signed-in user confirms a number that never got the code. Signed in as anna, send a
 * code C to her own phone, then change the pending number to the victim's (during the resend pause, or by a resend),
 * then type C: the victim's number must not end up confirmed on her account. A code proves only the one number it
 * was sent to.
 */
class VerifyPhoneBindingIT {

    private static final String FORM = "#recovery-verify-phone-form";
    private static final String CONFIG = "/admin/realms/" + REALM + "/authentication/required-actions/"
            + VerifyPhoneNumberAction.ID + "/config";

    private static TestEnvironment env;
    private static AdminClient admin;
    private String userId;

    @BeforeAll
    static void liftIpLimits() {
        env = TestEnvironment.get();
        admin = env.admin();
        // every test comes from 127.0.0.1; the resend pause stays at its default of 30 s
        assertEquals(204, admin.put(CONFIG, Map.of("config", Map.of(
                SmsLimits.MAX_SENDS_PER_IP, "100000",
                SmsLimits.MAX_SENDS_PER_REALM, "100000"))).status());
    }

    @AfterAll
    static void restore() {
        admin.delete(CONFIG);
    }

    @BeforeEach
    void clear() {
        env.sms().settled(SETTLE);
        env.sms().clear();
    }

    @AfterEach
    void deleteUser() {
        if (userId != null) {
            admin.delete("/admin/realms/" + REALM + "/users/" + userId);
        }
    }

    @Test
    void changeDuringThePauseThenOwnCodeDoesNotConfirmVictimsNumber() {
        String own = randomPhone();
        String victim = randomPhone();
        BrowserlessSession browser = signedInOnVerifyPage();
        browser.submit(FORM, Map.of("phoneNumber", own));
        String code = lastCode(env, own);

        browser.submit(FORM, Map.of("phoneNumber", victim));
        assertEquals(0, smsTo(env, victim).size(), "within the pause nothing goes to the victim");
        browser.submit(FORM, Map.of("code", code));

        assertVictimNotConfirmed(browser, victim);
    }

    @Test
    void resendAfterAChangeThenOwnCodeDoesNotConfirmVictimsNumber() {
        String own = randomPhone();
        String victim = randomPhone();
        BrowserlessSession browser = signedInOnVerifyPage();
        browser.submit(FORM, Map.of("phoneNumber", own));
        String code = lastCode(env, own);

        browser.submit(FORM, Map.of("phoneNumber", victim));
        browser.submit(FORM, Map.of("resend", "true"));
        browser.submit(FORM, Map.of("code", code));

        assertVictimNotConfirmed(browser, victim);
    }

    /**
     * The same attack from two tabs of one browser (same cookies, two verify pages): tab 1 sends a code to anna's own
     * number, tab 2 types the victim's, and anna's code typed in tab 2 confirms nothing; in tab 1 it confirms only
     * her own number.
     */
    @Test
    void twoTabsOwnCodeInTheVictimsTabDoesNotConfirmVictimsNumber() {
        String own = randomPhone();
        String victim = randomPhone();
        BrowserlessSession tab1 = signedInOnVerifyPage();
        BrowserlessSession tab2 = tab1.newTab();
        tab2.get(loginUrl(env));
        if (tab2.document().selectFirst("#kc-form-login") != null) {
            tab2.submit("#kc-form-login", Map.of("username", usernameOf(), "password", PASSWORD));
        }
        assertNotNull(tab2.document().selectFirst(FORM), tab2.document().text());

        tab1.submit(FORM, Map.of("phoneNumber", own));
        String code = lastCode(env, own);
        tab2.submit(FORM, Map.of("phoneNumber", victim));
        tab2.submit(FORM, Map.of("code", code));
        assertVictimNotConfirmed(tab2, victim);

        tab1.submit(FORM, Map.of("code", code));
        assertEquals(own, attribute("phoneNumber"), "in its own tab the code confirms the number it was sent to");
        assertEquals("true", attribute("phoneNumberVerified"));
    }

    @Test
    void changeAfterASendDiscardsTheCode() {
        String own = randomPhone();
        String other = randomPhone();
        BrowserlessSession browser = signedInOnVerifyPage();
        browser.submit(FORM, Map.of("phoneNumber", own));
        String code = lastCode(env, own);

        // "use a different number", then back to the own number within the pause: the old code is gone
        browser.submit(FORM, Map.of("changeNumber", "true"));
        browser.submit(FORM, Map.of("phoneNumber", other));
        browser.submit(FORM, Map.of("phoneNumber", own));
        browser.submit(FORM, Map.of("code", code));

        assertNotNull(browser.document().selectFirst(FORM), "a code of an abandoned number is no proof");
        assertNull(attribute("phoneNumberVerified"));
    }

    @Test
    void ownCodeStillConfirmsOwnNumber() {
        String own = randomPhone();
        BrowserlessSession browser = signedInOnVerifyPage();
        browser.submit(FORM, Map.of("phoneNumber", own));
        browser.submit(FORM, Map.of("code", lastCode(env, own)));
        assertNull(browser.document().selectFirst(FORM), browser.document().text());
        assertEquals(own, attribute("phoneNumber"));
        assertEquals("true", attribute("phoneNumberVerified"));
    }

    /** SMS pumping (issue 11): new sessions do not reset what one account may send; numbers per day hold across them. */
    @Test
    void pumpingThroughNewSessionsStopsAtThreeNumbersADay() {
        BrowserlessSession browser = signedInOnVerifyPage();
        String username = usernameOf();
        int sent = 0;
        for (int session = 0; session < 5; session++) {
            String number = randomPhone();
            if (session > 0) {
                browser = env.browser();
                browser.get(loginUrl(env));
                browser.submit("#kc-form-login", Map.of("username", username, "password", PASSWORD));
            }
            browser.submit(FORM, Map.of("phoneNumber", number));
            sent += smsTo(env, number).size();
        }
        assertEquals(3, sent, "three numbers a day per account, whatever the sessions");
    }

    /** SMS pumping (issue 11): premium-rate destinations abroad are not allowed unless an admin lists them. */
    @Test
    void aForeignNumberGetsNoSmsByDefault() {
        BrowserlessSession browser = signedInOnVerifyPage();
        browser.submit(FORM, Map.of("phoneNumber", "+4915112345678"));
        assertEquals(0, smsTo(env, "+4915112345678").size());
        assertNotNull(browser.document().getElementById("input-error-phoneNumber"), browser.document().text());
    }

    private String usernameOf() {
        return admin.get(userPath()).json().path("username").asText();
    }

    private void assertVictimNotConfirmed(BrowserlessSession browser, String victim) {
        assertNotNull(browser.document().selectFirst(FORM), "still on the verify page: " + browser.document().text());
        assertNotEquals(victim, attribute("phoneNumber"), "the victim's number was confirmed with anna's code");
        assertNull(attribute("phoneNumberVerified"));
    }

    private BrowserlessSession signedInOnVerifyPage() {
        String username = "binding-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> user = new HashMap<>(Map.of("username", username, "firstName", "Test", "lastName", "User",
                "email", username + "@demo.local", "emailVerified", true));
        userId = admin.createUser(REALM, user, PASSWORD);
        JsonNode rep = admin.get(userPath()).json();
        ((ObjectNode) rep).putPOJO("requiredActions", List.of(VerifyPhoneNumberAction.ID));
        assertEquals(204, admin.put(userPath(), rep.toString()).status());

        BrowserlessSession browser = env.browser();
        browser.get(loginUrl(env));
        browser.submit("#kc-form-login", Map.of("username", username, "password", PASSWORD));
        assertNotNull(browser.document().selectFirst(FORM), browser.document().text());
        return browser;
    }

    private String userPath() {
        return "/admin/realms/" + REALM + "/users/" + userId;
    }

    private String attribute(String name) {
        JsonNode values = admin.get(userPath()).json().path("attributes").path(name);
        return values.isArray() && !values.isEmpty() ? values.get(0).asText() : null;
    }
}
