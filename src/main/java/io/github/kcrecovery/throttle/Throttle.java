package io.github.kcrecovery.throttle;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The one limiter: "at most N per window" counters and cooldowns kept in Keycloak's cluster-wide
 * {@link SingleUseObjectProvider}, so every node of a cluster sees the same counts.
 * <p>
 * The store has no atomic increment, only an atomic {@code putIfAbsent}, so a counter is a row of slot keys and
 * taking one use means claiming a free slot. Two layouts:
 * <ul>
 * <li>Limits up to {@value #EXACT_UP_TO} (everything per person, number or IP): each slot lives exactly one window
 * from its own claim, so the live slots are the uses of the last window, whenever it started: at most N in
 * <em>any</em> window-long period. Finding a free slot scans the row.</li>
 * <li>Larger limits (realm budgets): slots of one fixed time window all expire together when it ends, so the taken
 * slots are a prefix and the first free one is found by binary search. Up to twice the limit can pass across a
 * window boundary; that is the price of logarithmic cost.</li>
 * </ul>
 */
public final class Throttle {

    private static final String PREFIX = "kcrecovery:throttle:";
    /** Up to this limit a counter is exact over a sliding window; its cost grows linearly with the limit. */
    static final int EXACT_UP_TO = 32;

    private final SingleUseObjectProvider store;

    public Throttle(KeycloakSession session) {
        this(session.singleUseObjects());
    }

    Throttle(SingleUseObjectProvider store) {
        this.store = store;
    }

    /**
     * Takes one use of {@code key}; false (and nothing taken) when {@code limit} uses are gone already: in the
     * last {@code window} for limits up to {@value #EXACT_UP_TO}, in the current fixed window above.
     */
    public boolean tryAcquire(String key, int limit, Duration window) {
        return claim(key, limit, window).isPresent();
    }

    /**
     * Like {@link #tryAcquire}, but the use taken can be given back with {@link #release}: for limits on failures,
     * where an attempt claims its slot before it is judged (so parallel attempts never exceed the limit) and a
     * success returns it.
     */
    public Optional<Claim> claim(String key, int limit, Duration window) {
        if (limit <= EXACT_UP_TO) {
            String row = slidingRow(key, window);
            long lifespan = Math.max(1, window.toSeconds());
            for (int slot = 0; slot < limit; slot++) {
                // a slot someone else claims between the two calls is simply skipped
                if (!store.contains(row + slot) && store.putIfAbsent(row + slot, lifespan)) {
                    return Optional.of(new Claim(row + slot));
                }
            }
            return Optional.empty();
        }
        Window current = Window.of(key, window);
        for (int slot = firstFreeSlot(current, limit); slot < limit; slot++) {
            if (store.putIfAbsent(current.slotKey(slot), current.secondsLeft())) {
                return Optional.of(new Claim(current.slotKey(slot)));
            }
        }
        return Optional.empty();
    }

    /** Gives a claimed use back. (Above {@value #EXACT_UP_TO} the freed slot may stay unused until the window ends.) */
    public void release(Claim claim) {
        store.remove(claim.slot());
    }

    /** One use taken by {@link #claim}. */
    public record Claim(String slot) {
    }

    /** How many uses of {@code key} count against {@code limit} now (as {@link #tryAcquire} sees them). */
    public int used(String key, int limit, Duration window) {
        if (limit <= EXACT_UP_TO) {
            String row = slidingRow(key, window);
            int live = 0;
            for (int slot = 0; slot < limit; slot++) {
                if (store.contains(row + slot)) {
                    live++;
                }
            }
            return live;
        }
        return firstFreeSlot(Window.of(key, window), limit);
    }

    public boolean isExhausted(String key, int limit, Duration window) {
        return used(key, limit, window) >= limit;
    }

    /** Starts a cooldown; false when one is running already (so the caller must not act). */
    public boolean startCooldown(String key, Duration cooldown) {
        return cooldown.isZero() || store.putIfAbsent(PREFIX + "cooldown:" + digest(key), Math.max(1, cooldown.toSeconds()));
    }

    /**
     * Builds a key from its parts without putting personal data (emails, phone numbers) into cache keys.
     */
    public static String key(String... parts) {
        return digest(String.join("\u0000", parts));
    }

    private static String slidingRow(String key, Duration window) {
        return PREFIX + "sliding:" + digest(key) + ":" + Math.max(1, window.toSeconds()) + ":";
    }

    private int firstFreeSlot(Window window, int limit) {
        int low = 0;
        int high = limit;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (store.contains(window.slotKey(mid))) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Window(String base, long secondsLeft) {

        static Window of(String key, Duration length) {
            long seconds = Math.max(1, length.toSeconds());
            long now = Time.currentTimeMillis() / 1000;
            long index = now / seconds;
            long left = (index + 1) * seconds - now;
            return new Window(PREFIX + digest(key) + ":" + seconds + ":" + index, left + 1);
        }

        String slotKey(int slot) {
            return base + ":" + slot;
        }
    }
}
