package io.github.kcrecovery.emaillink;

import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.testing.Timings;
import io.github.kcrecovery.testing.Timings.Kind;
import io.github.kcrecovery.username.RecoveryPages;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static io.github.kcrecovery.testing.Timings.TIMED_REQUESTS;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attack: timing the email branch. A real account's answer must not take longer than an unknown identifier's
 * (Keycloak's own reset-credential-email sends the mail before answering: about +280 ms for a real account on this
 * machine). Measured on the two steps that send a reset link: the identifier page with "by email", and "forgot
 * both". Real and unknown alternate, {@code -Dtiming.requests} (100) timed requests each after {@value #WARM_UP} warm-up rounds;
 * the medians and their difference are printed (target: under 5 ms). No timed assertion: the machine is shared.
 */
class EmailTimingIT {

    private static final int WARM_UP = 20;
    private static final String BIRTHDATE = "1990-01-01";
    private static final String EMAIL_SENT = "If the account has an email address, a link to set a new password is on its way";
    private final TestEnvironment env = TestEnvironment.get();

    @Test
    void identifierStepByEmailTakesTheSameTimeForRealAndUnknownAccounts() {
        String email = RecoveryPages.uniqueEmail();
        RecoveryPages.createUser(env, email, true, null, BIRTHDATE);
        try (CaptchaVerifyStub ignored = CaptchaVerifyStub.install(env)) {
            print("identifier page, by email", compare(email, this::timedIdentify));
        }
    }

    @Test
    void forgotBothTakesTheSameTimeForRealAndUnknownAccounts() {
        String email = RecoveryPages.uniqueEmail();
        RecoveryPages.createUser(env, email, true, null, BIRTHDATE);
        // one IP sends everything here: the real limits would turn most real requests into "nothing sent"
        try (CaptchaVerifyStub ignored = CaptchaVerifyStub.install(env);
             FlowExecutions.Restore unlimited = RecoveryPages.usernameConfig(env, Map.of(
                     "maxAttemptsPerIdentifierAndIpPerHour", "100000", "maxBirthdateMismatchesPerDay", "100000",
                     "maxMessagesPerAccountPerHour", "100000"))) {
            print("forgot both", compare(email, this::timedForgotBoth));
        }
    }

    private static Timings compare(String realEmail, Function<String, Long> timedStep) {
        Timings timings = new Timings();
        for (int i = 0; i < WARM_UP + TIMED_REQUESTS; i++) {
            timings.recording(i >= WARM_UP);
            timings.record("step", Kind.KNOWN, timedStep.apply(realEmail));
            timings.record("step", Kind.UNKNOWN, timedStep.apply(RecoveryPages.uniqueEmail()));
        }
        return timings;
    }

    private long timedIdentify(String email) {
        BrowserlessSession browser = RecoveryPages.openRecovery(env);
        browser.submit(RecoveryPages.CHOOSER_FORM, Map.of("recoveryOption", "password"));
        long start = System.nanoTime();
        browser.submit("#kc-reset-password-form", Map.of("username", email, "method", "email",
                CaptchaVerifyStub.RESPONSE_FIELD, CaptchaVerifyStub.passToken()));
        long took = System.nanoTime() - start;
        assertTrue(browser.document().text().contains(EMAIL_SENT), browser.document().text());
        return took;
    }

    private long timedForgotBoth(String email) {
        BrowserlessSession browser = RecoveryPages.openUsernameForm(env, "both");
        long start = System.nanoTime();
        RecoveryPages.ask(browser, email, null, BIRTHDATE);
        long took = System.nanoTime() - start;
        assertNotNull(browser.document().selectFirst(RecoveryPages.SENT_PAGE), browser.document().text());
        return took;
    }

    private static void print(String step, Timings timings) {
        double real = timings.summary("step", Kind.KNOWN).p50() / 1e6;
        double unknown = timings.summary("step", Kind.UNKNOWN).p50() / 1e6;
        System.out.printf(Locale.ROOT, "email timing, %s, %d interleaved requests each: median real account %.2f ms, "
                + "unknown %.2f ms, real - unknown %.2f ms (target < 5 ms)%n", step, TIMED_REQUESTS, real, unknown, real - unknown);
    }
}
