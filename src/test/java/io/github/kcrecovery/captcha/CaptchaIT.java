package io.github.kcrecovery.captcha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcrecovery.admin.DemoRealmUsers;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.ServerProbe;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.username.RecoveryPages;
import org.altcha.altcha.Altcha;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.kcrecovery.username.RecoveryPages.USERNAME_FORM;
import static io.github.kcrecovery.username.RecoveryPages.openUsernameForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The captcha in front of the forgot-login form. The default proof-of-work is solved here as a browser would
 * ({@link CaptchaAnswers}): fresh, replayed, expired and forged answers. The picture's answer is never readable
 * by a test (no backdoor): its checks run here only for missing and wrong answers (the rest is in
 * {@link CaptchaTest}); the site-verify mode runs against {@link CaptchaVerifyStub}. The form asks for two accounts
 * at once, one reached by email and one by SMS, so every refused answer shows that neither a mail nor an SMS left.
 */
class CaptchaIT {

    private static final Duration QUIET = Duration.ofSeconds(3);
    private final TestEnvironment env = TestEnvironment.get();
    private String email;
    private String phone;

    @BeforeEach
    void matchingAccounts() {
        env.sms().settled(Duration.ofMillis(700));
        env.sms().clear();
        env.mail().clear();
        email = RecoveryPages.uniqueEmail();
        RecoveryPages.createUser(env, email, true, null, "1995-05-15");
        phone = DemoRealmUsers.freshPhone();
        RecoveryPages.createUser(env, null, false, phone, "1995-05-15");
    }

    @Test
    void proofOfWorkIsTheDefaultAndAFreshSolutionPassesOnce() {
        BrowserlessSession browser = openUsernameForm(env, "username");
        Element widget = browser.document().selectFirst("altcha-widget");
        assertNotNull(widget, browser.document().html());
        assertNotNull(browser.document().selectFirst("#kc-recovery-captcha-status[role=status][aria-live=polite]"));
        assertNull(browser.document().selectFirst("#kc-recovery-captcha-image"));
        String solution = CaptchaAnswers.solve(widget.attr("challenge"));

        browser.submit(USERNAME_FORM, fields(Map.of(ProofOfWork.FIELD, solution)));
        assertNotNull(browser.document().selectFirst(RecoveryPages.SENT_PAGE), browser.document().text());
        env.mail().awaitMessages(1, Duration.ofSeconds(10));
        assertSent(1, 1);

        // attack: replay the solved challenge, from a new session
        BrowserlessSession replay = openUsernameForm(env, "username")
                .submit(USERNAME_FORM, fields(Map.of(ProofOfWork.FIELD, solution)));
        assertNotNull(replay.document().selectFirst("#input-error-captchaAnswer"), "a solution works once: " + replay.document().text());
        assertNotNull(replay.document().selectFirst("altcha-widget"), "a fresh challenge comes with the error");
        assertSent(1, 1);
    }

    /** Attack: answers the server never signed, or with the wrong number, or no answer at all. */
    @Test
    void forgedOrMissingProofOfWorkIsRefused() throws Exception {
        BrowserlessSession browser = openUsernameForm(env, "username");
        JsonNode challenge = AdminClient.JSON.readTree(browser.document().selectFirst("altcha-widget").attr("challenge"));
        long number = AdminClient.JSON.readTree(Base64.getDecoder().decode(
                CaptchaAnswers.solve(challenge.toString()))).path("number").asLong();
        ObjectNode otherSignature = challenge.deepCopy();
        String signature = challenge.path("signature").asText();
        otherSignature.put("signature", (signature.charAt(0) == 'a' ? "b" : "a") + signature.substring(1));
        Altcha.Challenge selfMade = Altcha.createChallenge(new Altcha.ChallengeOptions()
                .setMaxNumber(1000L).setExpiresInSeconds(600).setHmacKey("a key the attacker chose"));
        JsonNode selfSigned = AdminClient.JSON.valueToTree(selfMade);

        Map<String, String> forgeries = new LinkedHashMap<>();
        forgeries.put("wrong number", CaptchaAnswers.payload(challenge, number + 1));
        forgeries.put("wrong signature", CaptchaAnswers.payload(otherSignature, number));
        forgeries.put("self-signed challenge", CaptchaAnswers.solve(selfSigned.toString()));
        forgeries.put("not base64", "%%%");
        forgeries.put("empty", "");
        for (Map.Entry<String, String> forgery : forgeries.entrySet()) {
            browser.submit(USERNAME_FORM, fields(Map.of(ProofOfWork.FIELD, forgery.getValue())));
            assertNotNull(browser.document().selectFirst("#input-error-captchaAnswer"), forgery.getKey() + ": " + browser.document().text());
        }
        browser.submit(USERNAME_FORM, fields(Map.of()));
        assertNotNull(browser.document().selectFirst("#input-error-captchaAnswer"), "no answer: " + browser.document().text());
        assertSent(0, 0);
    }

    @Test
    void expiredProofOfWorkIsRefused() {
        try (FlowExecutions.Restore ignored = new FlowExecutions(env.admin())
                .override(FlowExecutions.USERNAME_FLOW, RecoveryCaptchaFactory.PROVIDER_ID, Map.of(CaptchaSettings.ANSWER_LIFE, "10"))) {
            BrowserlessSession browser = openUsernameForm(env, "username");
            String solution = CaptchaAnswers.solve(browser.document().selectFirst("altcha-widget").attr("challenge"));
            sleep(Duration.ofSeconds(12));
            browser.submit(USERNAME_FORM, fields(Map.of(ProofOfWork.FIELD, solution)));
            assertNotNull(browser.document().selectFirst("#input-error-captchaAnswer"), "expired: " + browser.document().text());
            assertSent(0, 0);
        }
    }

    /**
     * Attack: a script reads the digits from the picture's markup (vector strokes of the digits) and passes the
     * captcha. The picture must carry no glyph data a script can read: a raster image, no paths, no text.
     */
    @Test
    void scriptReadingThePictureMarkupDoesNotPassTheCaptcha() {
        try (FlowExecutions.Restore ignored = imageMode()) {
            BrowserlessSession browser = openUsernameForm(env, "username");
            Element captcha = browser.document().selectFirst(".kc-recovery-captcha");
            assertNotNull(captcha, browser.document().text());
            String src = captcha.selectFirst("#kc-recovery-captcha-image").attr("src");
            String markup = captcha.outerHtml() + (src.startsWith("data:image/svg+xml;base64,")
                    ? new String(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1)), StandardCharsets.UTF_8) : "");

            String read = SvgDigitReader.read(markup).orElse("");
            browser.submit(USERNAME_FORM, fields(Map.of(Captcha.ANSWER_FIELD, read)));

            assertNull(browser.document().selectFirst(RecoveryPages.SENT_PAGE),
                    "a script read '" + read + "' from the picture's markup and passed the captcha");
            assertNotNull(browser.document().selectFirst("#input-error-captchaAnswer"), browser.document().text());
            assertTrue(src.startsWith("data:image/png;base64,"), "a raster picture: " + src.substring(0, Math.min(40, src.length())));
            for (String glyphData : List.of("<svg", "<path", "<text", "<polyline", "<canvas")) {
                assertFalse(markup.contains(glyphData), "no " + glyphData + " in the captcha's markup");
            }
            assertSent(0, 0);
        }
    }

    @Test
    void pictureCaptchaIsARasterImageAndRefusesMissingOrWrongAnswers() {
        try (FlowExecutions.Restore ignored = imageMode()) {
            BrowserlessSession browser = openUsernameForm(env, "username");
            byte[] png = picture(browser.document());
            assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));

            for (String answer : List.of("", "0000000", "abc")) {
                browser.submit(USERNAME_FORM, fields(Map.of(Captcha.ANSWER_FIELD, answer)));
                assertEquals(200, browser.status());
                assertNotNull(browser.document().selectFirst("#input-error-captchaAnswer"), browser.document().text());
                assertEquals(email, browser.document().selectFirst("#email").val(), "typed values stay");
            }
            assertSent(0, 0);
        }
    }

    @Test
    void newPictureButtonDrawsAnotherPictureWithoutAnError() {
        try (FlowExecutions.Restore ignored = imageMode()) {
            BrowserlessSession browser = openUsernameForm(env, "username");
            byte[] first = picture(browser.document());

            browser.submit(USERNAME_FORM, fields(Map.of(Captcha.REFRESH_FIELD, "true")));

            assertFalse(Arrays.equals(first, picture(browser.document())));
            assertNull(browser.document().selectFirst("#input-error-captchaAnswer"));
            assertEquals(email, browser.document().selectFirst("#email").val());
        }
    }

    @Test
    void siteVerifyCaptchaRefusesMissingWrongExpiredAndReplayedTokens() {
        try (CaptchaVerifyStub stub = CaptchaVerifyStub.install(env)) {
            BrowserlessSession browser = openUsernameForm(env, "username");
            Element widget = browser.document().selectFirst(".cf-turnstile");
            assertNotNull(widget, browser.document().html());
            assertEquals("stub-site-key", widget.attr("data-sitekey"));

            for (String token : List.of("", "wrong-token", "expired-token")) {
                browser.submit(USERNAME_FORM, fields(Map.of(CaptchaVerifyStub.RESPONSE_FIELD, token)));
                assertNotNull(browser.document().selectFirst("#input-error-captchaAnswer"), token + ": " + browser.document().text());
            }
            assertSent(0, 0);

            String token = CaptchaVerifyStub.passToken();
            BrowserlessSession first = openUsernameForm(env, "username").submit(USERNAME_FORM,
                    fields(Map.of(CaptchaVerifyStub.RESPONSE_FIELD, token)));
            assertNotNull(first.document().selectFirst(RecoveryPages.SENT_PAGE), first.document().text());
            env.mail().awaitMessages(1, Duration.ofSeconds(10));
            assertSent(1, 1);

            BrowserlessSession replay = openUsernameForm(env, "username").submit(USERNAME_FORM,
                    fields(Map.of(CaptchaVerifyStub.RESPONSE_FIELD, token)));
            assertNotNull(replay.document().selectFirst("#input-error-captchaAnswer"), "a token works once");
            assertSent(1, 1);

            Map<String, String> verify = stub.requests().get(stub.requests().size() - 1);
            assertEquals(CaptchaVerifyStub.SECRET, verify.get("secret"));
            assertEquals("127.0.0.1", verify.get("remoteip"));
        }
    }

    /**
     * Attack: a script posting random site-verify tokens grew the server's memory: each token was remembered
     * cluster-wide for 10 minutes before the provider was asked, so the store grew by the script's request rate.
     */
    @Test
    void randomSiteVerifyTokensFromAScript_leaveNothingInTheStore() {
        ServerProbe probe = new ServerProbe(env.keycloak().jvm()
                .orElseThrow(() -> new TestAbortedException("the store is counted in a server JVM on this machine")).pid());
        int tokens = 60;
        try (CaptchaVerifyStub ignored = CaptchaVerifyStub.install(env)) {
            BrowserlessSession browser = openUsernameForm(env, "username");
            long before = probe.singleUseObjects();
            for (int i = 0; i < tokens; i++) {
                browser.submit(USERNAME_FORM, fields(Map.of(CaptchaVerifyStub.RESPONSE_FIELD, "random-" + i + "-" + System.nanoTime())));
                assertNotNull(browser.document().selectFirst("#input-error-captchaAnswer"), browser.document().text());
            }
            long growth = probe.singleUseObjects() - before;
            System.out.printf("single-use store after %d refused random site-verify tokens: %+d entries%n", tokens, growth);
            assertTrue(growth < tokens / 4, "+" + growth + " store entries for " + tokens + " refused tokens");
            assertSent(0, 0);
        }
    }

    @Test
    void switchedOffTheFormWorksWithoutCaptcha() {
        try (FlowExecutions.Restore ignored = new FlowExecutions(env.admin())
                .overrideRequirement(FlowExecutions.USERNAME_FLOW, RecoveryCaptchaFactory.PROVIDER_ID, "DISABLED")) {
            BrowserlessSession browser = openUsernameForm(env, "username");
            assertNull(browser.document().selectFirst("#kc-recovery-captcha-image"));
            assertNull(browser.document().selectFirst("altcha-widget"));
            browser.submit(USERNAME_FORM, fields(Map.of()));
            assertNotNull(browser.document().selectFirst(RecoveryPages.SENT_PAGE), browser.document().text());
            env.mail().awaitMessages(1, Duration.ofSeconds(10));
        }
    }

    private Map<String, String> fields(Map<String, String> extra) {
        Map<String, String> fields = new HashMap<>(Map.of("email", email, "phone", phone, "birthdate", "1995-05-15"));
        fields.putAll(extra);
        return fields;
    }

    /** After a quiet spell: the mails and the SMS (to the phone account) the captcha let through so far. */
    private void assertSent(int mails, int sms) {
        sleep(QUIET);
        assertEquals(sms, env.sms().settled(Duration.ofMillis(700)).stream()
                .filter(r -> r.body().contains(phone.substring(1))).count(), "SMS at the gateway");
        assertEquals(mails, env.mail().messages().size(), "mails");
    }

    private FlowExecutions.Restore imageMode() {
        return new FlowExecutions(env.admin()).override(FlowExecutions.USERNAME_FLOW, RecoveryCaptchaFactory.PROVIDER_ID,
                Map.of(CaptchaSettings.MODE, "image"));
    }

    private static byte[] picture(Document page) {
        Element image = page.selectFirst("#kc-recovery-captcha-image");
        assertNotNull(image, page.text());
        String src = image.attr("src");
        assertTrue(src.startsWith("data:image/png;base64,"), src);
        return Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
