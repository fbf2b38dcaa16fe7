package io.github.kcrecovery.throttle;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 11, throttle memory: 100,000 random identifiers typed from 1,000 clients, each counted the way the
 * forgot-login step counts them (attempts per identifier and client, mismatches per identifier). Prints the store's
 * entries and their heap with and without {@link IdentifierCounters}, and checks the cap holds.
 */
class IdentifierCountersTest {

    private static final int IDENTIFIERS = 100_000;
    private static final int CLIENTS = 1_000;
    private static final String REALM = "realm";

    @Test
    void randomIdentifiersCannotGrowTheStoreWithoutBound() {
        int uncapped = run(false);
        int capped = run(true);
        assertTrue(uncapped >= 2 * IDENTIFIERS, "every random identifier leaves entries behind: " + uncapped);
        // markers and realm slots for NEW_PER_REALM_PER_HOUR identifiers, client slots, their counters, the overflow's
        int bound = 4 * IdentifierCounters.NEW_PER_REALM_PER_HOUR + CLIENTS * (IdentifierCounters.NEW_PER_CLIENT_PER_HOUR + 10) + 100;
        assertTrue(capped <= bound, capped + " entries, cap " + bound);
    }

    @Test
    void aKnownIdentifierKeepsItsOwnCountersWhenTheBudgetsAreGone() {
        ThrottleTest.ExpiringStore store = new ThrottleTest.ExpiringStore();
        IdentifierCounters counters = new IdentifierCounters(new Throttle(store));
        assertEquals("anna@demo.local", counters.key(REALM, "203.0.113.1", "anna@demo.local"));
        for (int i = 0; i < IdentifierCounters.NEW_PER_CLIENT_PER_HOUR; i++) {
            counters.key(REALM, "2001:db8::" + i, "random-" + i);
        }
        assertEquals(IdentifierCounters.OVERFLOW, counters.key(REALM, "2001:db8::ffff", "one-more"),
                "one /64 has used its new identifiers");
        assertEquals("new@demo.local", counters.key(REALM, "203.0.113.1", "new@demo.local"), "another client has not");
        assertEquals("anna@demo.local", counters.key(REALM, "2001:db8::1", "anna@demo.local"), "a known identifier stays");
    }

    private static int run(boolean capped) {
        ThrottleTest.ExpiringStore store = new ThrottleTest.ExpiringStore();
        Throttle throttle = new Throttle(store);
        IdentifierCounters counters = new IdentifierCounters(throttle);
        SecureRandom random = new SecureRandom();
        System.gc();
        long heapBefore = usedHeap();
        for (int i = 0; i < IDENTIFIERS; i++) {
            String ip = "198.51." + (i % CLIENTS / 250) + "." + (i % CLIENTS % 250);
            String typed = Long.toHexString(random.nextLong()) + "@example.org";
            String identifier = capped ? counters.key(REALM, ip, typed) : typed;
            throttle.tryAcquire(Throttle.key("username-attempt", REALM, identifier, ip), 10, Duration.ofHours(1));
            throttle.tryAcquire(Throttle.key("username-birthdate-mismatch", REALM, identifier), 3, Duration.ofDays(1));
        }
        System.gc();
        long heap = usedHeap() - heapBefore;
        System.out.printf("throttle memory, %,d random identifiers from %,d clients, %s: %,d store entries, ~%,d KiB heap%n",
                IDENTIFIERS, CLIENTS, capped ? "capped (IdentifierCounters)" : "uncapped", store.expiries.size(), heap / 1024);
        return store.expiries.size();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
