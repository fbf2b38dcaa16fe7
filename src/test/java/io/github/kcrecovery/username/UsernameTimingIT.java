package io.github.kcrecovery.username;

import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.kcrecovery.testing.Timings.TIMED_REQUESTS;
import static io.github.kcrecovery.testing.Timings.median;
import static io.github.kcrecovery.username.RecoveryPages.SENT_PAGE;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The forgot-login answer must not tell a matching account from an unknown one by its timing. The messages are
 * sent after the response, so the remaining difference is lookup and bookkeeping. The target is < 10 ms between
 * the medians of {@code -Dtiming.requests} (100) requests each; the figure is printed, not asserted (a speed target on a shared machine), and
 * every answer must be the "sent" page.
 */
class UsernameTimingIT {

    private static final int WARM_UP = 20;
    private final TestEnvironment env = TestEnvironment.get();

    @Test
    void matchingAndUnknownIdentifiersTakeTheSameTime() {
        String email = RecoveryPages.uniqueEmail();
        RecoveryPages.createUser(env, email, true, null, "1990-01-01");
        // the limits would otherwise turn most of the matching requests into "nothing sent"
        try (CaptchaVerifyStub ignored = CaptchaVerifyStub.install(env);
             FlowExecutions.Restore unlimited = RecoveryPages.usernameConfig(env, Map.of(
                     "maxAttemptsPerIdentifierAndIpPerHour", "100000", "maxBirthdateMismatchesPerDay", "100000",
                     "maxMessagesPerAccountPerHour", "100000"))) {
            List<Long> matching = new ArrayList<>();
            List<Long> unknown = new ArrayList<>();
            for (int i = 0; i < WARM_UP + TIMED_REQUESTS; i++) {
                long known = timedAsk(email);
                long other = timedAsk(RecoveryPages.uniqueEmail());
                if (i >= WARM_UP) {
                    matching.add(known);
                    unknown.add(other);
                }
            }
            double matchingMs = median(matching) / 1e6;
            double unknownMs = median(unknown) / 1e6;
            System.out.printf("forgot-login timing over %d requests each: median matching %.2f ms, unknown %.2f ms, "
                    + "difference %.2f ms (target < 10 ms)%n", TIMED_REQUESTS, matchingMs, unknownMs, Math.abs(matchingMs - unknownMs));
        }
    }

    private long timedAsk(String email) {
        BrowserlessSession browser = RecoveryPages.openUsernameForm(env, "username");
        long start = System.nanoTime();
        RecoveryPages.ask(browser, email, null, "1990-01-01");
        long took = System.nanoTime() - start;
        assertNotNull(browser.document().selectFirst(SENT_PAGE));
        return took;
    }
}
