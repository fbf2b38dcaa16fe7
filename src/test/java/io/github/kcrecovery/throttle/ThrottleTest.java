package io.github.kcrecovery.throttle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.models.SingleUseObjectProvider;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

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
    private final Throttle throttle = new Throttle(store, Throttle.DEFAULT_ENTRIES);

    @AfterEach
    void resetClock() {
        Time.setOffset(0);
    }

    @Test
    void allowsExactlyTheLimitPerWindow() {
        Duration hour = Duration.ofHours(1);
        for (int i = 0; i < 5; i++) {
            assertTrue(throttle.tryAcquire(key("number"), 5, hour), "use " + (i + 1));
        }
        assertFalse(throttle.tryAcquire(key("number"), 5, hour));
        assertEquals(5, throttle.used(key("number"), 5, hour));
        assertTrue(throttle.isExhausted(key("number"), 5, hour));
    }

    @Test
    void aClaimedUseCountsUntilItIsReleased() {
        Duration day = Duration.ofDays(1);
        var first = throttle.claim(key("digits"), 2, day);
        var second = throttle.claim(key("digits"), 2, day);
        assertTrue(first.isPresent() && second.isPresent());
        assertTrue(throttle.claim(key("digits"), 2, day).isEmpty(), "no third claim while two are held");
        throttle.release(first.get());
        assertEquals(1, throttle.used(key("digits"), 2, day));
        assertTrue(throttle.claim(key("digits"), 2, day).isPresent(), "a released use can be claimed again");
    }

    @Test
    void keysAndWindowLengthsAreCountedApart() {
        Duration hour = Duration.ofHours(1);
        assertTrue(throttle.tryAcquire(key("a"), 1, hour));
        assertFalse(throttle.tryAcquire(key("a"), 1, hour));
        assertTrue(throttle.tryAcquire(key("b"), 1, hour));
        assertTrue(throttle.tryAcquire(key("a"), 1, Duration.ofDays(1)));
    }

    @Test
    void theNextWindowStartsAfresh() {
        Duration minute = Duration.ofMinutes(1);
        assertTrue(throttle.tryAcquire(key("ip"), 2, minute));
        assertTrue(throttle.tryAcquire(key("ip"), 2, minute));
        assertFalse(throttle.tryAcquire(key("ip"), 2, minute));
        Time.setOffset(61);
        assertEquals(0, throttle.used(key("ip"), 2, minute));
        assertTrue(throttle.tryAcquire(key("ip"), 2, minute));
    }

    /** No burst across a boundary: each use counts for one window from when it happened. */
    @Test
    void smallLimitsHoldOverAnySlidingWindow() {
        Duration minute = Duration.ofMinutes(1);
        // start at second 30 of a minute, so that seconds 0 and 50 below fall into two different clock minutes,
        // where a fixed window would count the second use afresh
        int start = (int) Math.floorMod(30 - Time.currentTime(), 60L);
        Time.setOffset(start);
        assertTrue(throttle.tryAcquire(key("number"), 2, minute));
        Time.setOffset(start + 50);
        assertTrue(throttle.tryAcquire(key("number"), 2, minute));
        Time.setOffset(start + 55);
        assertFalse(throttle.tryAcquire(key("number"), 2, minute), "2 uses within the minute from second 0 to 60");
        Time.setOffset(start + 61);
        assertEquals(1, throttle.used(key("number"), 2, minute), "the use of second 0 has aged out, the one of second 50 not");
        assertTrue(throttle.tryAcquire(key("number"), 2, minute));
        assertFalse(throttle.tryAcquire(key("number"), 2, minute), "2 uses within the minute from second 50 to 110");
        Time.setOffset(start + 111);
        assertTrue(throttle.tryAcquire(key("number"), 2, minute));
    }

    @Test
    void smallLimitsCostLinearLookups() {
        Duration hour = Duration.ofHours(1);
        for (int i = 0; i < Throttle.EXACT_UP_TO; i++) {
            assertTrue(throttle.tryAcquire(key("ip"), Throttle.EXACT_UP_TO, hour));
        }
        store.lookups = 0;
        assertFalse(throttle.tryAcquire(key("ip"), Throttle.EXACT_UP_TO, hour));
        assertTrue(store.lookups <= Throttle.EXACT_UP_TO, "lookups: " + store.lookups);
    }

    /** Above the exact range a fixed window is used: cheap, and it may let a burst through at its end. */
    @Test
    void largeLimitsNeedOnlyLogarithmicLookups() {
        Duration hour = Duration.ofHours(1);
        for (int i = 0; i < 1000; i++) {
            throttle.tryAcquire(key("realm budget"), 1000, hour);
        }
        store.lookups = 0;
        assertFalse(throttle.tryAcquire(key("realm budget"), 1000, hour));
        assertTrue(store.lookups <= 12, "lookups: " + store.lookups);
    }

    @Test
    void cooldownBlocksUntilItEnds() {
        assertTrue(throttle.startCooldown(key("resend"), Duration.ofSeconds(30)));
        assertFalse(throttle.startCooldown(key("resend"), Duration.ofSeconds(30)));
        Time.setOffset(31);
        assertTrue(throttle.startCooldown(key("resend"), Duration.ofSeconds(30)));
        assertTrue(throttle.startCooldown(key("no cooldown"), Duration.ZERO));
        assertTrue(throttle.startCooldown(key("no cooldown"), Duration.ZERO));
    }

    @Test
    void keysHidePersonalData() {
        String digest = Throttle.digest("digits", "anna@demo.local");
        assertFalse(digest.contains("anna"));
        assertEquals(digest, Throttle.digest("digits", "anna@demo.local"));
        assertNotEquals(digest, Throttle.digest("digits", "anna@demo.local2"));
        assertNotEquals(Throttle.digest("ab", "c"), Throttle.digest("a", "bc"));
        Throttle.Key key = Throttle.key("digits", "realm", "anna@demo.local");
        assertFalse(key.toString().contains("anna"));
        assertFalse(Throttle.accountKey("digits", "realm", "user", "+79161234567").toString().contains("9161234567"));
    }

    /** Issue 11: a script inventing identifiers must not grow the store without bound (it did: one row each). */
    @Test
    void randomIdentifiersFillAtMostTheConfiguredEntriesPerKind() {
        int entries = 4096;
        Throttle folding = new Throttle(store, entries);
        for (int i = 0; i < 20_000; i++) {
            String identifier = UUID.randomUUID() + "@example.org";
            folding.tryAcquire(Throttle.key("username-attempt", "realm", identifier, "192.0.2.1"), 10, Duration.ofHours(1));
            folding.claim(Throttle.key("username-birthdate-mismatch", "realm", identifier), 3, Duration.ofDays(1));
        }
        int bound = 2 * entries + 1; // two kinds, and the fold's secret
        assertTrue(store.expiries.size() <= bound, "entries: " + store.expiries.size() + ", bound " + bound);
    }

    /** Whoever shares a row shares its limit: stricter for both, never looser, whether the identifier exists or not. */
    @Test
    void identifiersSharingARowShareItsLimit() {
        Throttle oneRow = new Throttle(store, 2); // 2 entries for a limit of 2: one row
        Duration day = Duration.ofDays(1);
        assertTrue(oneRow.tryAcquire(Throttle.key("mismatch", "realm", "anna@demo.local"), 2, day));
        assertTrue(oneRow.tryAcquire(Throttle.key("mismatch", "realm", "nobody@example.org"), 2, day));
        assertFalse(oneRow.tryAcquire(Throttle.key("mismatch", "realm", "anna@demo.local"), 2, day), "the neighbour took the second use");
        assertEquals(2, oneRow.used(Throttle.key("mismatch", "realm", "nobody@example.org"), 2, day));
    }

    /** Kinds and realms never share rows: a flood of one kind cannot use up another kind's or another realm's limits. */
    @Test
    void kindsAndRealmsHaveRowsOfTheirOwn() {
        Throttle oneRow = new Throttle(store, 1);
        Duration hour = Duration.ofHours(1);
        assertTrue(oneRow.tryAcquire(Throttle.key("username-attempt", "realm", "a"), 1, hour));
        assertFalse(oneRow.tryAcquire(Throttle.key("username-attempt", "realm", "b"), 1, hour), "one row per realm and kind");
        assertTrue(oneRow.tryAcquire(Throttle.key("digit-mismatch", "realm", "a"), 1, hour));
        assertTrue(oneRow.tryAcquire(Throttle.key("username-attempt", "other realm", "a"), 1, hour));
        assertTrue(oneRow.tryAcquire(Throttle.accountKey("sms-account", "realm", "user-1"), 1, hour));
        assertTrue(oneRow.tryAcquire(Throttle.accountKey("sms-account", "realm", "user-2"), 1, hour), "accounts are never folded");
    }

    /** A realm's limit cannot make the server keep more entries than its budget: the limit is cut to it. */
    @Test
    void noLimitCountsBeyondTheServersBudget() {
        Throttle small = new Throttle(store, 3);
        Duration hour = Duration.ofHours(1);
        for (int i = 0; i < 3; i++) {
            assertTrue(small.tryAcquire(Throttle.key("sms-ip", "realm", "192.0.2.0/64"), 1_000_000, hour));
        }
        assertFalse(small.tryAcquire(Throttle.key("sms-ip", "realm", "192.0.2.0/64"), 1_000_000, hour));
        assertTrue(small.isExhausted(Throttle.key("sms-ip", "realm", "192.0.2.0/64"), 1_000_000, hour));
    }

    /** Every node folds alike: the secret is in the shared store, written by the first and read by the others. */
    @Test
    void allNodesFoldWithTheSameSecret() {
        Throttle nodeA = new Throttle(store, 1 << 16);
        Throttle nodeB = new Throttle(store, 1 << 16);
        Duration hour = Duration.ofHours(1);
        assertTrue(nodeA.tryAcquire(Throttle.key("username-attempt", "realm", "anna"), 1, hour));
        assertFalse(nodeB.tryAcquire(Throttle.key("username-attempt", "realm", "anna"), 1, hour));
        assertEquals(1, store.expiries.keySet().stream().filter(k -> k.endsWith("fold-secret")).count());
    }

    /**
     * Two nodes folding for the first time at once: node B creates the secret while node A, having found none, is
     * about to. With get-then-put each wrote its own, and the two nodes counted the same identifier in different rows.
     */
    @Test
    void twoNodesFoldingForTheFirstTimeAtOnceUseOneSecret() {
        Throttle nodeA = new Throttle(store, 1 << 16);
        Throttle nodeB = new Throttle(store, 1 << 16);
        Duration hour = Duration.ofHours(1);
        store.afterFirstSecretRead = () -> assertTrue(nodeB.tryAcquire(Throttle.key("username-attempt", "realm", "anna"), 1, hour));
        assertFalse(nodeA.tryAcquire(Throttle.key("username-attempt", "realm", "anna"), 1, hour), "node B took anna's only use");
        assertTrue(store.afterFirstSecretRead == null, "node B ran between node A's read and its write");
    }

    /** A claim on the secret's key that its node never filled (it died between the two calls) blocks nobody. */
    @Test
    void aSecretClaimLeftEmptyIsFilledByTheNextNode() {
        assertTrue(store.putIfAbsent(Throttle.SECRET_KEY, 3600));
        Throttle nodeA = new Throttle(store, 1 << 16);
        Throttle nodeB = new Throttle(store, 1 << 16);
        Duration hour = Duration.ofHours(1);
        assertTrue(nodeA.tryAcquire(Throttle.key("username-attempt", "realm", "anna"), 1, hour));
        assertFalse(nodeB.tryAcquire(Throttle.key("username-attempt", "realm", "anna"), 1, hour), "both nodes fold with the secret node A filled in");
    }

    /**
     * Benchmark (a printed figure, no assertion on it): store entries and their heap after 100,000 random
     * identifiers typed into "forgot login" (one attempt row and one birth-date row each), unfolded as before
     * issue 11 and folded with the default budget of entries per kind; and after 1,000,000.
     */
    @Test
    void printEntriesAndHeapAfterRandomIdentifiers() {
        for (int identifiers : new int[] {100_000, 1_000_000}) {
            for (boolean folded : new boolean[] {false, true}) {
                if (!folded && identifiers > 100_000) {
                    continue;
                }
                ExpiringStore fresh = new ExpiringStore();
                long before = usedHeap();
                Throttle counting = new Throttle(fresh, Throttle.DEFAULT_ENTRIES);
                for (int i = 0; i < identifiers; i++) {
                    String identifier = UUID.randomUUID() + "@example.org";
                    counting.tryAcquire(folded ? Throttle.key("username-attempt", "realm", identifier, "192.0.2.1")
                            : Throttle.accountKey("username-attempt", "realm", identifier, "192.0.2.1"), 10, Duration.ofHours(1));
                    counting.claim(folded ? Throttle.key("username-birthdate-mismatch", "realm", identifier)
                            : Throttle.accountKey("username-birthdate-mismatch", "realm", identifier), 3, Duration.ofDays(1));
                }
                long heap = usedHeap() - before;
                System.out.printf("throttle after %,d random identifiers, %s: %,d entries, %.1f MB heap (in-memory map)%n",
                        identifiers, folded ? "folded, " + Throttle.DEFAULT_ENTRIES + " entries per kind" : "one row each (before)",
                        fresh.expiries.size(), heap / 1e6);
                fresh.expiries.clear();
            }
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static Throttle.Key key(String name) {
        return Throttle.accountKey("test", "realm", name);
    }

    /** Map-backed store that forgets entries when their lifespan ends on Keycloak's (shiftable) clock. */
    static final class ExpiringStore implements SingleUseObjectProvider {
        final Map<String, Long> expiries = new HashMap<>();
        final Map<String, Map<String, String>> notes = new HashMap<>();
        int lookups;
        /** Runs once, after the first read of the fold's secret has been answered: another node acting just then. */
        Runnable afterFirstSecretRead;

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
            expiries.put(key, Time.currentTimeMillis() + lifespanSeconds * 1000);
            this.notes.put(key, notes);
        }

        @Override
        public Map<String, String> get(String key) {
            // an entry made by putIfAbsent has no notes: empty, as Keycloak's store answers
            Map<String, String> answer = live(key) ? notes.getOrDefault(key, Map.of()) : null;
            if (key.equals(Throttle.SECRET_KEY) && afterFirstSecretRead != null) {
                Runnable other = afterFirstSecretRead;
                afterFirstSecretRead = null;
                other.run();
            }
            return answer;
        }

        @Override
        public Map<String, String> remove(String key) {
            expiries.remove(key);
            return notes.remove(key);
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            if (!live(key)) {
                return false;
            }
            this.notes.put(key, Map.copyOf(notes));
            return true;
        }

        @Override
        public void close() {
        }
    }
}
