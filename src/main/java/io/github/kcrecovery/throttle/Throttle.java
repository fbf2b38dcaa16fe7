package io.github.kcrecovery.throttle;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The one limiter: "at most N per window" counters and cooldowns kept in Keycloak's cluster-wide
 * {@link SingleUseObjectProvider}, so every node of a cluster sees the same counts.
 * <p>
 * The store has no atomic increment, only an atomic {@code putIfAbsent}. A counter is therefore a row of
 * slot keys inside a fixed time window: taking one use means claiming the first free slot. Slots of one
 * window all expire together when it ends, so the taken slots are always a prefix and the first free one is
 * found by binary search. Fixed windows allow up to twice the limit across a window boundary; that is the
 * price of having no increment.
 */
public final class Throttle {

    private static final String PREFIX = "kcrecovery:throttle:";

    private final SingleUseObjectProvider store;

    public Throttle(KeycloakSession session) {
        this(session.singleUseObjects());
    }

    Throttle(SingleUseObjectProvider store) {
        this.store = store;
    }

    /**
     * Takes one use of {@code key}; false (and nothing taken) when {@code limit} uses of the current window
     * are gone already.
     */
    public boolean tryAcquire(String key, int limit, Duration window) {
        Window current = Window.of(key, window);
        for (int slot = firstFreeSlot(current, limit); slot < limit; slot++) {
            if (store.putIfAbsent(current.slotKey(slot), current.secondsLeft())) {
                return true;
            }
        }
        return false;
    }

    /** How many uses of {@code key} the current window has seen, counting up to {@code limit}. */
    public int used(String key, int limit, Duration window) {
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
