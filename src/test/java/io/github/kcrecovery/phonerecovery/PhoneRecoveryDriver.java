package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.phone.ConfirmedPhone;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.captcha.CaptchaAnswers;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.RecoveryForms;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.username.RecoveryPages;
import io.github.kcrecovery.testing.TestEnvironment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the demo realm's recovery flow with a cookie-keeping HTTP client, and sets up its users and config. */
final class PhoneRecoveryDriver {

    static final String REALM = "demo";
    static final String FLOW = "recovery reset credentials";
    static final String PASSWORD = "Password-1";
    static final String IDENTIFIER_FORM = RecoveryForms.IDENTIFIER;
    /** The code page's second form: change the digits, start again, reset by email. */
    static final String OTHER_WAYS_FORM = "#recovery-other-ways-form";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6,10})\\b");
    /** PKCE pair from RFC 7636 appendix B; account-console requires PKCE. */
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private final TestEnvironment env;
    final BrowserlessSession browser;

    PhoneRecoveryDriver(TestEnvironment env) {
        this(env, env.browser());
    }

    /** A driver with its own browser, e.g. {@link TestEnvironment#browserFrom} a client behind the trusted proxy. */
    PhoneRecoveryDriver(TestEnvironment env, BrowserlessSession browser) {
        this.env = env;
        this.browser = browser;
    }

    static String loginUrl(TestEnvironment env) {
        return loginUrl(env.keycloak().baseUrl());
    }

    /** @param server where the browser reaches the server: the account console's redirect URI must be there too */
    private static String loginUrl(String server) {
        String redirect = server + "/realms/" + REALM + "/account/";
        return "/realms/" + REALM + "/protocol/openid-connect/auth?client_id=account-console&response_type=code&scope=openid"
                + "&code_challenge_method=S256&code_challenge=" + CHALLENGE
                + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8);
    }

    /** Login page, "Forgot password?", then "I forgot my password" on the chooser: the identifier page. */
    PhoneRecoveryDriver start() {
        browser.get(loginUrl(browser.server()));
        assertEquals(200, browser.status(), browser.url() + "\n" + page().text());
        browser.click("a[href*=login-actions/reset-credentials]");
        assertEquals(200, browser.status(), browser.url() + "\n" + page().text());
        return choosePassword();
    }

    /** On the chooser: "I forgot my password", which leads to the identifier page. */
    PhoneRecoveryDriver choosePassword() {
        browser.submit(RecoveryPages.CHOOSER_FORM, Map.of("recoveryOption", "password"));
        assertNotNull(page().selectFirst(IDENTIFIER_FORM), page().text());
        return this;
    }

    /** The identifier page, with the answer to its captcha (see {@link CaptchaAnswers}). */
    PhoneRecoveryDriver identify(String identifier, String method) {
        return submitIdentifier(identifier, method, CaptchaAnswers.forPage(page()));
    }

    /** @param captchaToken the site-verify token sent with the form, or null for none */
    PhoneRecoveryDriver identify(String identifier, String method, String captchaToken) {
        return submitIdentifier(identifier, method,
                captchaToken == null ? Map.of() : Map.of(CaptchaVerifyStub.RESPONSE_FIELD, captchaToken));
    }

    private PhoneRecoveryDriver submitIdentifier(String identifier, String method, Map<String, String> captcha) {
        Map<String, String> fields = new HashMap<>(Map.of("username", identifier, "method", method));
        fields.putAll(captcha);
        browser.submit(IDENTIFIER_FORM, fields);
        return this;
    }

    PhoneRecoveryDriver digits(String digits) {
        browser.submit("#recovery-phone-digits-form", Map.of("phoneDigits", digits));
        return this;
    }

    PhoneRecoveryDriver code(String code) {
        return postOnCodePage(Map.of("code", code));
    }

    /** "Change the digits" on the code page: back to the digits page. */
    PhoneRecoveryDriver changeDigits() {
        browser.submit(OTHER_WAYS_FORM, Map.of("changeDigits", "true"));
        return this;
    }

    PhoneRecoveryDriver resend() {
        return postOnCodePage(Map.of("resend", "true"));
    }

    /**
     * Posts to the code page's action like a script would: through the code form, or, once the attempts are used up
     * and the page has no code form, through its other form.
     */
    private PhoneRecoveryDriver postOnCodePage(Map<String, String> fields) {
        browser.submit(page().selectFirst("#recovery-sms-code-form") != null ? "#recovery-sms-code-form" : OTHER_WAYS_FORM, fields);
        return this;
    }

    /** From "Forgot password?" to the code page by the SMS path. */
    PhoneRecoveryDriver toCodePage(String identifier, String digits) {
        start().identify(identifier, "sms");
        assertNotNull(page().selectFirst("#recovery-phone-digits-form"), page().text());
        digits(digits);
        assertTrue(onCodePage(), page().text());
        return this;
    }

    PhoneRecoveryDriver newPassword(String password) {
        browser.submit("#kc-passwd-update-form", Map.of("password-new", password, "password-confirm", password,
                "logout-sessions", "on"));
        return this;
    }

    Document page() {
        return browser.document();
    }

    /** On the code step's page: with its code form, or saying that the attempts are used up. */
    boolean onCodePage() {
        return page().selectFirst("#recovery-sms-code-form, " + OTHER_WAYS_FORM) != null;
    }

    boolean onPasswordPage() {
        return page().selectFirst("#kc-passwd-update-form") != null;
    }

    String fieldError(String field) {
        Element error = page().getElementById("input-error-" + field);
        return error == null ? null : error.text();
    }

    String alert() {
        Element alert = page().selectFirst(".kc-feedback-text");
        return alert == null ? null : alert.text();
    }

    /** Logs in through the OIDC login form of a fresh browser; true when Keycloak issued an authorization code. */
    static boolean canLogIn(TestEnvironment env, String username, String password) {
        BrowserlessSession fresh = env.browser();
        fresh.get(loginUrl(env));
        fresh.submit("#kc-form-login", Map.of("username", username, "password", password));
        String where = fresh.location() != null ? fresh.location() : fresh.url().toString();
        return where.contains("code=") && fresh.document().selectFirst("#kc-form-login") == null;
    }

    // ---- SMS gateway -------------------------------------------------------------------------------------------

    /** Quiet time after which no SMS of an earlier page is still on its way (a local stub answers in ms). */
    static final Duration SETTLE = Duration.ofMillis(700);
    private static final Duration SMS_EXPECTED_WITHIN = Duration.ofSeconds(20);

    /** The SMS sent to the number so far, once the server's sends after its responses have arrived. */
    static List<SmsGatewayStub.Request> smsTo(TestEnvironment env, String e164) {
        return smsTo(env.sms(), e164);
    }

    static List<SmsGatewayStub.Request> smsTo(SmsGatewayStub gateway, String e164) {
        return gateway.settled(SETTLE).stream().filter(r -> e164.equals(json(r.body()).path("to").asText())).toList();
    }

    static String text(SmsGatewayStub.Request request) {
        return json(request.body()).path("text").asText();
    }

    static String codeIn(SmsGatewayStub.Request request) {
        Matcher matcher = CODE.matcher(text(request));
        if (!matcher.find()) {
            throw new AssertionError("no code in the SMS");
        }
        return matcher.group(1);
    }

    /**
     * The code of the last SMS sent to the number. The SMS leaves after the page has answered, on a pool thread, so on
     * a busy machine it may come well after the page: wait up to {@link #SMS_EXPECTED_WITHIN} for the first one.
     */
    static String lastCode(TestEnvironment env, String e164) {
        long deadline = System.nanoTime() + SMS_EXPECTED_WITHIN.toNanos();
        List<SmsGatewayStub.Request> sent = smsTo(env, e164);
        while (sent.isEmpty() && System.nanoTime() < deadline) {
            sent = smsTo(env, e164);
        }
        if (sent.isEmpty()) {
            throw new AssertionError("no SMS to " + e164);
        }
        return codeIn(sent.get(sent.size() - 1));
    }

    private static JsonNode json(String body) {
        try {
            return AdminClient.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("SMS body is not JSON: " + body, e);
        }
    }

    // ---- users and config --------------------------------------------------------------------------------------

    /** A fresh RU mobile number nobody else in the realm has. */
    static String randomPhone() {
        StringBuilder number = new StringBuilder("+7916");
        for (int i = 0; i < 7; i++) {
            number.append(RANDOM.nextInt(10));
        }
        return number.toString();
    }

    /** The digits the mask hides: all but the last two of the national number. */
    static String hiddenDigits(String e164) {
        String national = e164.substring(2);
        return national.substring(0, national.length() - 2);
    }

    record TestUser(String id, String username, String phone, String email) {
    }

    /** A user with a confirmed phone (and an email when {@code withEmail}). */
    static TestUser createUser(AdminClient admin, String prefix, boolean withEmail) {
        String username = prefix + "-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL);
        String phone = randomPhone();
        Map<String, Object> user = new HashMap<>();
        user.put("username", username);
        user.put("firstName", "Test");
        user.put("lastName", "User");
        if (withEmail) {
            user.put("email", username + "@demo.local");
            user.put("emailVerified", true);
        }
        user.put("attributes", Map.of("phoneNumber", List.of(phone), "phoneNumberVerified", List.of("true"),
                ConfirmedPhone.CONFIRMED_COPY, List.of(phone)));
        String id = admin.createUser(REALM, user, PASSWORD);
        return new TestUser(id, username, phone, withEmail ? username + "@demo.local" : null);
    }

    static void deleteUser(AdminClient admin, TestUser user) {
        if (user != null) {
            admin.delete("/admin/realms/" + REALM + "/users/" + user.id());
        }
    }

    /** The authenticator config of the flow's execution with this provider id, as the admin console edits it. */
    static JsonNode executionConfig(AdminClient admin, String providerId) {
        String path = "/admin/realms/" + REALM + "/authentication/flows/"
                + URLEncoder.encode(FLOW, StandardCharsets.UTF_8).replace("+", "%20") + "/executions";
        for (JsonNode execution : admin.get(path).json()) {
            if (providerId.equals(execution.path("providerId").asText())) {
                return admin.get("/admin/realms/" + REALM + "/authentication/config/"
                        + execution.path("authenticationConfig").asText()).json();
            }
        }
        throw new AssertionError("no execution " + providerId + " in " + FLOW);
    }

    /** Replaces some values of an execution's config; returns the previous config for {@link #restoreConfig}. */
    static JsonNode setConfig(AdminClient admin, String providerId, Map<String, String> values) {
        JsonNode before = executionConfig(admin, providerId);
        Map<String, Object> updated = AdminClient.JSON.convertValue(before, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, String> config = new HashMap<>((Map<String, String>) updated.get("config"));
        config.putAll(values);
        updated.put("config", config);
        AdminClient.Response response = admin.put("/admin/realms/" + REALM + "/authentication/config/" + before.path("id").asText(), updated);
        assertEquals(204, response.status(), response.body());
        return before;
    }

    static void restoreConfig(AdminClient admin, JsonNode before) {
        if (before != null) {
            admin.put("/admin/realms/" + REALM + "/authentication/config/" + before.path("id").asText(), before.toString());
        }
    }
}
