package io.github.kcrecovery.throttle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.models.SingleUseObjectProvider;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slot arithmetic on an in-memory stand-in for the store (expiry by Keycloak's clock). That the real
 * store is shared across cluster nodes is shown by the integration tests.
 */
class ThrottleTest {

    private final ExpiringStore store = new ExpiringStore();
    private final Throttle throttle = new Throttle(store);

    @AfterEach
    void resetClock() {
        Time.setOffset(0);
    }

    @Test
    void allowsExactlyTheLimitPerWindow() {
        Duration hour = Duration.ofHours(1);
        for (int i = 0; i < 5; i++) {
            assertTrue(throttle.tryAcquire("number", 5, hour), "use " + (i + 1));
        }
        assertFalse(throttle.tryAcquire("number", 5, hour));
        assertEquals(5, throttle.used("number", 5, hour));
        assertTrue(throttle.isExhausted("number", 5, hour));
    }

    @Test
    void aClaimedUseCountsUntilItIsReleased() {
        Duration day = Duration.ofDays(1);
        var first = throttle.claim("digits", 2, day);
        var second = throttle.claim("digits", 2, day);
        assertTrue(first.isPresent() && second.isPresent());
        assertTrue(throttle.claim("digits", 2, day).isEmpty(), "no third claim while two are held");
        throttle.release(first.get());
        assertEquals(1, throttle.used("digits", 2, day));
        assertTrue(throttle.claim("digits", 2, day).isPresent(), "a released use can be claimed again");
    }

    @Test
    void keysAndWindowLengthsAreCountedApart() {
        Duration hour = Duration.ofHours(1);
        assertTrue(throttle.tryAcquire("a", 1, hour));
        assertFalse(throttle.tryAcquire("a", 1, hour));
        assertTrue(throttle.tryAcquire("b", 1, hour));
        assertTrue(throttle.tryAcquire("a", 1, Duration.ofDays(1)));
    }

    @Test
    void theNextWindowStartsAfresh() {
        Duration minute = Duration.ofMinutes(1);
        assertTrue(throttle.tryAcquire("ip", 2, minute));
        assertTrue(throttle.tryAcquire("ip", 2, minute));
        assertFalse(throttle.tryAcquire("ip", 2, minute));
        Time.setOffset(61);
        assertEquals(0, throttle.used("ip", 2, minute));
        assertTrue(throttle.tryAcquire("ip", 2, minute));
    }

    /** No burst across a boundary: each use counts for one window from when it happened. */
    @Test
    void smallLimitsHoldOverAnySlidingWindow() {
        Duration minute = Duration.ofMinutes(1);
        // start at second 30 of a minute, so that seconds 0 and 50 below fall into two different clock minutes,
        // where a fixed window would count the second use afresh
        int start = (int) Math.floorMod(30 - Time.currentTime(), 60L);
        Time.setOffset(start);
        assertTrue(throttle.tryAcquire("number", 2, minute));
        Time.setOffset(start + 50);
        assertTrue(throttle.tryAcquire("number", 2, minute));
        Time.setOffset(start + 55);
        assertFalse(throttle.tryAcquire("number", 2, minute), "2 uses within the minute from second 0 to 60");
        Time.setOffset(start + 61);
        assertEquals(1, throttle.used("number", 2, minute), "the use of second 0 has aged out, the one of second 50 not");
        assertTrue(throttle.tryAcquire("number", 2, minute));
        assertFalse(throttle.tryAcquire("number", 2, minute), "2 uses within the minute from second 50 to 110");
        Time.setOffset(start + 111);
        assertTrue(throttle.tryAcquire("number", 2, minute));
    }

    @Test
    void smallLimitsCostLinearLookups() {
        Duration hour = Duration.ofHours(1);
        for (int i = 0; i < Throttle.EXACT_UP_TO; i++) {
            assertTrue(throttle.tryAcquire("ip", Throttle.EXACT_UP_TO, hour));
        }
        store.lookups = 0;
        assertFalse(throttle.tryAcquire("ip", Throttle.EXACT_UP_TO, hour));
        assertTrue(store.lookups <= Throttle.EXACT_UP_TO, "lookups: " + store.lookups);
    }

    /** Above the exact range a fixed window is used: cheap, and it may let a burst through at its end. */
    @Test
    void largeLimitsNeedOnlyLogarithmicLookups() {
        Duration hour = Duration.ofHours(1);
        for (int i = 0; i < 1000; i++) {
            throttle.tryAcquire("realm budget", 1000, hour);
        }
        store.lookups = 0;
        assertFalse(throttle.tryAcquire("realm budget", 1000, hour));
        assertTrue(store.lookups <= 12, "lookups: " + store.lookups);
    }

    @Test
    void cooldownBlocksUntilItEnds() {
        assertTrue(throttle.startCooldown("resend", Duration.ofSeconds(30)));
        assertFalse(throttle.startCooldown("resend", Duration.ofSeconds(30)));
        Time.setOffset(31);
        assertTrue(throttle.startCooldown("resend", Duration.ofSeconds(30)));
        assertTrue(throttle.startCooldown("no cooldown", Duration.ZERO));
        assertTrue(throttle.startCooldown("no cooldown", Duration.ZERO));
    }

    @Test
    void keysHidePersonalData() {
        String key = Throttle.key("digits", "anna@demo.local");
        assertFalse(key.contains("anna"));
        assertEquals(key, Throttle.key("digits", "anna@demo.local"));
        assertNotEquals(key, Throttle.key("digits", "anna@demo.local2"));
        assertNotEquals(Throttle.key("ab", "c"), Throttle.key("a", "bc"));
    }

    /** Map-backed store that forgets entries when their lifespan ends on Keycloak's (shiftable) clock. */
    static final class ExpiringStore implements SingleUseObjectProvider {
        final Map<String, Long> expiries = new HashMap<>();
        int lookups;

        private boolean live(String key) {
            Long expiry = expiries.get(key);
            return expiry != null && expiry > Time.currentTimeMillis();
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanInSeconds) {
            lookups++;
            if (live(key)) {
                return false;
            }
            expiries.put(key, Time.currentTimeMillis() + lifespanInSeconds * 1000);
            return true;
        }

        @Override
        public boolean contains(String key) {
            lookups++;
            return live(key);
        }

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> get(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> remove(String key) {
            expiries.remove(key);
            return null;
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
