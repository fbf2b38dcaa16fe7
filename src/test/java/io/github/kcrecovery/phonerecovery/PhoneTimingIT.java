package io.github.kcrecovery.phonerecovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.TestUser;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.kcrecovery.testing.Timings.TIMED_REQUESTS;
import static io.github.kcrecovery.testing.Timings.median;
import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prints how long each step of the phone path takes for a real account and for an unknown identifier: the
 * identifier step (SMS method) with the identifier typed as a username and as a phone number, the missing digits
 * (for a real account with the right digits it issues the code and queues the SMS), and a wrong code (for a real
 * account it counts against the account). Requests are interleaved real / unknown, {@code -Dtiming.requests} (100) of each
 * after a warm-up; the figures go to docs/performance.md. No timed assertion: a shared machine makes any bound either
 * meaningless or flaky. The load benchmark ({@code ./bench.sh}) measures the same under load.
 */
class PhoneTimingIT {

    private static final int WARM_UP = 10;
    private static final String WRONG_CODE = "000000";
    private final TestEnvironment env = TestEnvironment.get();
    private final AdminClient admin = env.admin();

    @Test
    void printsMediansForRealAndUnknownIdentifiers() {
        TestUser user = createUser(admin, "timing", true);
        // one IP sends everything here: the real limits would turn most real requests into "nothing sent"
        List<JsonNode> before = List.of(unlimited(RecoveryPhoneDigitsFactory.PROVIDER_ID), unlimited(RecoverySmsCodeFactory.PROVIDER_ID));
        Map<String, List<Long>> real = new LinkedHashMap<>();
        Map<String, List<Long>> unknown = new LinkedHashMap<>();
        try (CaptchaVerifyStub ignored = CaptchaVerifyStub.install(env)) {
            for (int i = 0; i < WARM_UP + TIMED_REQUESTS; i++) {
                Map<String, Long> known = new HashMap<>(usernamePath(user.username(), hiddenDigits(user.phone())));
                known.putAll(phonePath(user.phone()));
                Map<String, Long> other = new HashMap<>(usernamePath("nobody-" + Long.toHexString(System.nanoTime()),
                        "0".repeat(hiddenDigits(user.phone()).length())));
                other.putAll(phonePath(randomPhone()));
                if (i >= WARM_UP) {
                    known.forEach((step, took) -> real.computeIfAbsent(step, s -> new ArrayList<>()).add(took));
                    other.forEach((step, took) -> unknown.computeIfAbsent(step, s -> new ArrayList<>()).add(took));
                }
            }
        } finally {
            before.forEach(config -> restoreConfig(admin, config));
            deleteUser(admin, user);
        }
        for (String step : real.keySet()) {
            double realMs = median(real.get(step)) / 1e6;
            double unknownMs = median(unknown.get(step)) / 1e6;
            System.out.printf("phone-path timing, %s, over %d interleaved requests each: median real account %.2f ms, "
                    + "unknown %.2f ms, difference %.2f ms%n", step, TIMED_REQUESTS, realMs, unknownMs, realMs - unknownMs);
        }
    }

    /** Identifier typed as a username: identifier, digits and wrong-code steps. */
    private Map<String, Long> usernamePath(String identifier, String digits) {
        PhoneRecoveryDriver driver = new PhoneRecoveryDriver(env).start();
        long start = System.nanoTime();
        driver.identify(identifier, "sms");
        long identified = System.nanoTime();
        assertTrue(driver.page().selectFirst("#recovery-phone-digits-form") != null, driver.page().text());
        long digitsStart = System.nanoTime();
        driver.digits(digits);
        long digitsDone = System.nanoTime();
        assertTrue(driver.onCodePage(), driver.page().text());
        long codeStart = System.nanoTime();
        driver.code(WRONG_CODE);
        long codeDone = System.nanoTime();
        return Map.of("identifier step (username)", identified - start, "digits step", digitsDone - digitsStart,
                "code step (wrong code)", codeDone - codeStart);
    }

    /** Identifier typed as a phone number: straight to the code page (which sends the code for a real number). */
    private Map<String, Long> phonePath(String number) {
        PhoneRecoveryDriver driver = new PhoneRecoveryDriver(env).start();
        long start = System.nanoTime();
        driver.identify(number, "sms");
        long identified = System.nanoTime();
        assertTrue(driver.onCodePage(), driver.page().text());
        return Map.of("identifier step (phone number)", identified - start);
    }

    private JsonNode unlimited(String providerId) {
        Map<String, String> values = new HashMap<>();
        executionConfig(admin, providerId).path("config").fields().forEachRemaining(entry -> {
            if (entry.getKey().startsWith("max")) {
                values.put(entry.getKey(), "100000");
            } else if (entry.getKey().toLowerCase().contains("cooldown")) {
                values.put(entry.getKey(), "0");
            }
        });
        return setConfig(admin, providerId, values);
    }
}
