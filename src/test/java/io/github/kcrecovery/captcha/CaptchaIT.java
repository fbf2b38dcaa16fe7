package io.github.kcrecovery.captcha;

import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.username.RecoveryPages;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.github.kcrecovery.username.RecoveryPages.USERNAME_FORM;
import static io.github.kcrecovery.username.RecoveryPages.openUsernameForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The captcha in front of the forgot-login form. The picture's answer is never readable by a test (no backdoor):
 * its checks run here only for missing and wrong answers (the rest is in {@link CaptchaTest}); the right,
 * replayed and expired cases run in site-verify mode against {@link CaptchaVerifyStub}.
 */
class CaptchaIT {

    private static final Duration QUIET = Duration.ofSeconds(3);
    private final TestEnvironment env = TestEnvironment.get();
    private String email;

    @BeforeEach
    void matchingAccount() {
        env.mail().clear();
        email = RecoveryPages.uniqueEmail();
        RecoveryPages.createUser(env, email, true, null, "1995-05-15");
    }

    @Test
    void pictureCaptchaShowsDigitsAsAnSvgAndRefusesMissingOrWrongAnswers() {
        BrowserlessSession browser = openUsernameForm(env, "username");
        String svg = picture(browser.document());
        assertTrue(svg.startsWith("<svg") && !svg.contains("<text"), svg);

        for (String answer : List.of("", "0000000", "abc")) {
            browser.submit(USERNAME_FORM, fields(Map.of(Captcha.ANSWER_FIELD, answer)));
            assertEquals(200, browser.status());
            assertNotNull(browser.document().selectFirst("#input-error-captchaAnswer"), browser.document().text());
            assertEquals(email, browser.document().selectFirst("#email").val(), "typed values stay");
        }
        sleep(QUIET);
        assertEquals(0, env.mail().messages().size());
    }

    @Test
    void newPictureButtonDrawsAnotherPictureWithoutAnError() {
        BrowserlessSession browser = openUsernameForm(env, "username");
        String first = picture(browser.document());

        browser.submit(USERNAME_FORM, fields(Map.of(Captcha.REFRESH_FIELD, "true")));

        assertNotEquals(first, picture(browser.document()));
        assertNull(browser.document().selectFirst("#input-error-captchaAnswer"));
        assertEquals(email, browser.document().selectFirst("#email").val());
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
            sleep(QUIET);
            assertEquals(0, env.mail().messages().size());

            String token = CaptchaVerifyStub.passToken();
            BrowserlessSession first = openUsernameForm(env, "username").submit(USERNAME_FORM,
                    fields(Map.of(CaptchaVerifyStub.RESPONSE_FIELD, token)));
            assertNotNull(first.document().selectFirst(RecoveryPages.SENT_PAGE), first.document().text());
            env.mail().awaitMessages(1, Duration.ofSeconds(10));

            BrowserlessSession replay = openUsernameForm(env, "username").submit(USERNAME_FORM,
                    fields(Map.of(CaptchaVerifyStub.RESPONSE_FIELD, token)));
            assertNotNull(replay.document().selectFirst("#input-error-captchaAnswer"), "a token works once");
            sleep(QUIET);
            assertEquals(1, env.mail().messages().size());

            Map<String, String> verify = stub.requests().get(stub.requests().size() - 1);
            assertEquals(CaptchaVerifyStub.SECRET, verify.get("secret"));
            assertEquals("127.0.0.1", verify.get("remoteip"));
        }
    }

    @Test
    void switchedOffTheFormWorksWithoutCaptcha() {
        try (FlowExecutions.Restore ignored = new FlowExecutions(env.admin())
                .overrideRequirement(FlowExecutions.USERNAME_FLOW, CaptchaFactory.PROVIDER_ID, "DISABLED")) {
            BrowserlessSession browser = openUsernameForm(env, "username");
            assertNull(browser.document().selectFirst("#kc-recovery-captcha-image"));
            browser.submit(USERNAME_FORM, fields(Map.of()));
            assertNotNull(browser.document().selectFirst(RecoveryPages.SENT_PAGE), browser.document().text());
            env.mail().awaitMessages(1, Duration.ofSeconds(10));
        }
    }

    private Map<String, String> fields(Map<String, String> extra) {
        Map<String, String> fields = new HashMap<>(Map.of("email", email, "phone", "", "birthdate", "1995-05-15"));
        fields.putAll(extra);
        return fields;
    }

    private static String picture(Document page) {
        Element image = page.selectFirst("#kc-recovery-captcha-image");
        assertNotNull(image, page.text());
        String src = image.attr("src");
        assertTrue(src.startsWith("data:image/svg+xml;base64,"), src);
        return new String(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1)), StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
