package io.github.kcrecovery.username;

import io.github.kcrecovery.captcha.CaptchaAnswers;
import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.RecoveryForms;
import io.github.kcrecovery.testing.TestEnvironment;
import org.jsoup.nodes.Document;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Walks the recovery pages of the demo realm the way a person does: login page, "forgot password", chooser, forms. */
public final class RecoveryPages {

    // account-console requires PKCE; the code is never exchanged, so any challenge will do
    public static final String LOGIN = "/realms/demo/protocol/openid-connect/auth?client_id=account-console"
            + "&response_type=code&scope=openid&code_challenge_method=S256"
            + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&redirect_uri=";
    public static final String CHOOSER_FORM = RecoveryForms.CHOOSER;
    public static final String USERNAME_FORM = RecoveryForms.USERNAME;
    public static final String SENT_PAGE = RecoveryForms.USERNAME_SENT;

    private RecoveryPages() {
    }

    public static String loginUrl(TestEnvironment env) {
        return LOGIN + env.keycloak().baseUrl() + "/realms/demo/account/";
    }

    /** A fresh browser on the login page, then "Forgot password?". */
    public static BrowserlessSession openRecovery(TestEnvironment env) {
        BrowserlessSession browser = env.browser();
        browser.get(loginUrl(env));
        browser.click("a[href*='login-actions/reset-credentials']");
        assertEquals(200, browser.status(), browser.document().text());
        return browser;
    }

    /** The chooser answered with {@code option} ("username" or "both"): the forgot-login form. */
    public static BrowserlessSession openUsernameForm(TestEnvironment env, String option) {
        BrowserlessSession browser = openRecovery(env);
        browser.submit(CHOOSER_FORM, Map.of("recoveryOption", option));
        assertNotNull(browser.document().selectFirst(USERNAME_FORM), browser.document().text());
        return browser;
    }

    /** Submits the forgot-login form with the answer to its captcha (see {@link CaptchaAnswers}). */
    public static BrowserlessSession ask(BrowserlessSession browser, String email, String phone, String birthdate) {
        Map<String, String> fields = new HashMap<>();
        fields.put("email", email == null ? "" : email);
        fields.put("phone", phone == null ? "" : phone);
        fields.put("birthdate", birthdate);
        fields.putAll(CaptchaAnswers.forPage(browser.document()));
        return browser.submit(USERNAME_FORM, fields);
    }

    /** The page with everything that differs per session or request removed, to compare two outcomes. */
    public static String fingerprint(Document page) {
        return page.body().html()
                .replaceAll("(session_code|execution|tab_id|client_data|client_id|kc_locale)=[^&\"]*", "$1=")
                .replaceAll("\\s+", " ");
    }

    /** A new account in the demo realm with a unique login and the given contacts; returns its login. */
    public static String createUser(TestEnvironment env, String email, boolean emailVerified, String phone, String birthdate) {
        String username = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("birthdate", java.util.List.of(birthdate));
        if (phone != null) {
            attributes.put("phoneNumber", java.util.List.of(phone));
            attributes.put("phoneNumberVerified", java.util.List.of("true"));
            attributes.put("phoneNumberConfirmed", java.util.List.of(phone));
        }
        Map<String, Object> user = new HashMap<>();
        user.put("username", username);
        user.put("firstName", "Test");
        user.put("lastName", "User");
        if (email != null) {
            user.put("email", email);
            user.put("emailVerified", emailVerified);
        }
        user.put("attributes", attributes);
        env.admin().createUser("demo", user, "Password-1");
        return username;
    }

    /** Changes settings of the forgot-login step until the returned handle is closed. */
    public static FlowExecutions.Restore usernameConfig(TestEnvironment env, Map<String, String> changes) {
        return new FlowExecutions(env.admin())
                .override(FlowExecutions.USERNAME_FLOW, RecoveryForgotUsernameFactory.PROVIDER_ID, changes);
    }

    public static String uniqueEmail() {
        return "it-" + UUID.randomUUID().toString().substring(0, 12) + "@demo.local";
    }
}
