package io.github.kcrecovery.captcha;

import io.github.kcrecovery.code.OneTimeCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server-side parts of the captcha that need no server: answers, expiry, the picture, the proof-of-work, the settings. */
class CaptchaTest {

    private final Map<String, String> notes = new HashMap<>();
    private final OneTimeCodes answers = new OneTimeCodes(new OneTimeCodes.Notes() {
        @Override
        public String get(String name) {
            return notes.get(name);
        }

        @Override
        public void set(String name, String value) {
            notes.put(name, value);
        }

        @Override
        public void remove(String name) {
            notes.remove(name);
        }
    }, Captcha.PURPOSE);
    private final CaptchaSettings settings = CaptchaSettings.of(Map.of());

    @AfterEach
    void resetClock() {
        Time.setOffset(0);
    }

    @Test
    void rightAnswerPassesOnceAndIsNotStoredInClear() {
        String digits = Captcha.issue(answers, settings);
        assertTrue(digits.matches("[0-9]{6}"), digits);
        assertFalse(notes.values().stream().anyMatch(v -> v.contains(digits)), "only a hash is kept");
        assertTrue(Captcha.check(answers, " " + digits + " "));
        assertFalse(Captcha.check(answers, digits), "replayed");
    }

    @Test
    void wrongOrMissingAnswerUsesUpThePicture() {
        String digits = Captcha.issue(answers, settings);
        assertFalse(Captcha.check(answers, digits.equals("000000") ? "111111" : "000000"));
        assertFalse(Captcha.check(answers, digits), "no second guess on the same picture");

        String next = Captcha.issue(answers, settings);
        assertFalse(Captcha.check(answers, null));
        assertFalse(Captcha.check(answers, next));
        assertFalse(Captcha.check(answers, ""));
    }

    @Test
    void expiredAnswerIsRefused() {
        String digits = Captcha.issue(answers, settings);
        Time.setOffset((int) settings.answerLife().toSeconds() + 1);
        assertFalse(Captcha.check(answers, digits));
    }

    @Test
    void aNewPictureVoidsThePreviousOne() {
        String first = Captcha.issue(answers, settings);
        String second = Captcha.issue(answers, settings);
        if (!first.equals(second)) {
            assertFalse(Captcha.check(answers, first));
        } else {
            assertTrue(Captcha.check(answers, second));
        }
    }

    @Test
    void pictureIsAPngDrawnDifferentlyEachTime() throws Exception {
        byte[] png = DigitPicture.png("407153", new Random(7));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(DigitPicture.width(6), image.getWidth());
        assertEquals(DigitPicture.HEIGHT, image.getHeight());
        assertFalse(Arrays.equals(png, DigitPicture.png("407153", new Random(8))), "every picture is drawn differently");
        String uri = DigitPicture.dataUri(png);
        assertTrue(uri.startsWith("data:image/png;base64,"));
        assertArrayEquals(png, Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1)));
    }

    @Test
    void proofOfWorkSolvedOnceVerifiesAndOnlyForItsOwnKey() throws Exception {
        ProofOfWork pow = new ProofOfWork("realm-key");
        String challenge = pow.challengeJson(2_000, Duration.ofSeconds(60));
        String solution = CaptchaAnswers.solve(challenge);
        Optional<ProofOfWork.Solved> solved = pow.verify(solution);
        assertTrue(solved.isPresent());
        long now = System.currentTimeMillis() / 1000;
        assertTrue(solved.get().expiresAt() > now + 50 && solved.get().expiresAt() <= now + 61, "expiry travels signed");
        assertTrue(new ProofOfWork("another realm's key").verify(solution).isEmpty());
        assertTrue(pow.verify(null).isEmpty());
        assertTrue(pow.verify("x".repeat(5000)).isEmpty());
    }

    @Test
    void settingsDefaultToThePictureAndKnowTheSiteVerifyProviders() {
        assertEquals(CaptchaSettings.Mode.ALTCHA, settings.mode());
        assertEquals(6, settings.digits());
        assertEquals(600, settings.answerLife().toSeconds());
        assertEquals(200_000, settings.difficulty());
        assertEquals(1_000, CaptchaSettings.of(Map.of("difficulty", "1")).difficulty());
        assertEquals(CaptchaSettings.Mode.IMAGE, CaptchaSettings.of(Map.of("mode", "image")).mode());
        CaptchaSettings turnstile = CaptchaSettings.of(Map.of("mode", "turnstile"));
        assertEquals("https://challenges.cloudflare.com/turnstile/v0/siteverify", turnstile.verifyUrl());
        assertEquals("cf-turnstile-response", turnstile.mode().responseField);
        CaptchaSettings hcaptcha = CaptchaSettings.of(Map.of("mode", "HCAPTCHA", "verifyUrl", " http://127.0.0.1:1/v "));
        assertEquals(CaptchaSettings.Mode.HCAPTCHA, hcaptcha.mode());
        assertEquals("http://127.0.0.1:1/v", hcaptcha.verifyUrl());
        assertEquals(CaptchaSettings.Mode.ALTCHA, CaptchaSettings.of(Map.of("mode", "nonsense", "digits", "x")).mode());
        assertEquals(6, CaptchaSettings.of(Map.of("digits", "x")).digits());
        assertEquals(8, CaptchaSettings.of(Map.of("digits", "99")).digits());
    }
}
