package io.github.kcrecovery.throttle;

import org.keycloak.Config;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
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
 * Memory stays bounded however many identifiers or addresses a script invents: a {@link #key} (what visitors type:
 * identifiers, numbers, addresses) is folded by a keyed hash into one of {@code entries / limit} rows per realm, kind
 * and window length, so such a counter holds at most {@code entries} store entries, and a script must spend that many
 * uses within one window before the limit meets everyone. Keys that share a row share its limit, which makes a limit
 * stricter, never looser, and the same for real and unknown identifiers; the hash key is a random secret kept in the
 * same store, so nobody can aim a collision at someone else's row. An {@link #accountKey} (one row per account:
 * bounded by the accounts, not by visitors) is never folded.
 */
public final class Throttle {

    private static final String PREFIX = "kcrecovery:throttle:";
    /** Up to this limit a counter is exact over a sliding window; its cost grows linearly with the limit. */
    static final int EXACT_UP_TO = 32;
    /** Server option {@code --spi-sms-sender--throttle-entries}: store entries per realm and kind of visitor-keyed limit. */
    public static final String ENTRIES_OPTION = "throttle-entries";
    public static final int DEFAULT_ENTRIES = 65536;
    static final String SECRET_KEY = PREFIX + "fold-secret";
    private static final String SECRET_NOTE = "secret";
    /** The secret lives (and, with the whole store, dies) with the counters it folds; when it is renewed every row moves. */
    private static final long SECRET_LIFESPAN = Duration.ofDays(3650).toSeconds();
    /** How long a node waits for the node that claimed the secret's key to fill it (two store calls, back to back). */
    private static final Duration SECRET_WAIT = Duration.ofSeconds(1);
    private static final String SESSION_ATTRIBUTE = Throttle.class.getName();

    private final SingleUseObjectProvider store;
    private final int entries;
    private Mac fold;

    /** The request's throttle: made once per session, so the option and the fold's secret are read once per request. */
    public static Throttle of(KeycloakSession session) {
        Throttle throttle = session.getAttribute(SESSION_ATTRIBUTE, Throttle.class);
        if (throttle == null) {
            throttle = new Throttle(session.singleUseObjects(), Config.scope("sms-sender").getInt(ENTRIES_OPTION, DEFAULT_ENTRIES));
            session.setAttribute(SESSION_ATTRIBUTE, throttle);
        }
        return throttle;
    }

    Throttle(SingleUseObjectProvider store, int entries) {
        this.store = store;
        this.entries = Math.max(1, entries);
    }

    /**
     * Takes one use of {@code key}; false (and nothing taken) when {@code limit} uses are gone already: in the
     * last {@code window} for limits up to {@value #EXACT_UP_TO}, in the current fixed window above.
     */
    public boolean tryAcquire(Key key, int limit, Duration window) {
        return claim(key, limit, window).isPresent();
    }

    /**
     * Like {@link #tryAcquire}, but the use taken can be given back with {@link #release}: for limits on failures,
     * where an attempt claims its slot before it is judged (so parallel attempts never exceed the limit) and a
     * success returns it.
     */
    public Optional<Claim> claim(Key key, int wantedLimit, Duration window) {
        int limit = bounded(wantedLimit);
        if (limit <= EXACT_UP_TO) {
            String row = slidingRow(key, limit, window);
            long lifespan = Math.max(1, window.toSeconds());
            for (int slot = 0; slot < limit; slot++) {
                // a slot someone else claims between the two calls is simply skipped
                if (!store.contains(row + slot) && store.putIfAbsent(row + slot, lifespan)) {
                    return Optional.of(new Claim(row + slot));
                }
            }
            return Optional.empty();
        }
        Window current = Window.of(row(key, limit), window);
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
    public int used(Key key, int wantedLimit, Duration window) {
        int limit = bounded(wantedLimit);
        if (limit <= EXACT_UP_TO) {
            String row = slidingRow(key, limit, window);
            int live = 0;
            for (int slot = 0; slot < limit; slot++) {
                if (store.contains(row + slot)) {
                    live++;
                }
            }
            return live;
        }
        return firstFreeSlot(Window.of(row(key, limit), window), limit);
    }

    public boolean isExhausted(Key key, int limit, Duration window) {
        return used(key, limit, window) >= bounded(limit);
    }

    /** No counter counts beyond the server's budget of entries, whatever limit a realm sets: stricter, never looser. */
    private int bounded(int limit) {
        return Math.min(limit, entries);
    }

    /** Starts a cooldown; false when one is running already (so the caller must not act). */
    public boolean startCooldown(Key key, Duration cooldown) {
        return cooldown.isZero() || store.putIfAbsent(PREFIX + "cooldown:" + row(key, 1), Math.max(1, cooldown.toSeconds()));
    }

    /**
     * A key for what visitors type or come from (identifiers, phone numbers, addresses): folded into one of the
     * realm's {@code entries / limit} rows of this kind. Only for limits, where sharing a row makes them stricter: never for
     * "present means allowed".
     */
    public static Key key(String kind, String realmId, String... typed) {
        return new Key(sha256(kind + "\u0000" + realmId), sha256(String.join("\u0000", typed)), true);
    }

    /** A key of one account (and what it did): a row of its own, as accounts, not visitors, bound their number. */
    public static Key accountKey(String kind, String realmId, String userId, String... more) {
        return new Key(sha256(kind + "\u0000" + realmId), sha256(userId + "\u0000" + String.join("\u0000", more)), false);
    }

    /** A digest of the parts, for cache keys that must not carry personal data (emails, phone numbers). */
    public static String digest(String... parts) {
        return sha256(String.join("\u0000", parts));
    }

    /** Where to count: a limit's scope (kind and realm) and its subject, or its fold. */
    public record Key(String scope, String subject, boolean folded) {
    }

    private String slidingRow(Key key, int limit, Duration window) {
        return PREFIX + "sliding:" + row(key, limit) + ":" + Math.max(1, window.toSeconds()) + ":";
    }

    /** The row of a key: its own, or for a folded key one of {@code entries / limit}, so the rows' slots fit the budget. */
    private String row(Key key, int limit) {
        if (!key.folded()) {
            return key.scope() + ":" + key.subject();
        }
        int rows = Math.max(1, entries / Math.max(1, bounded(limit)));
        byte[] mac = fold().doFinal((key.scope() + ":" + key.subject()).getBytes(StandardCharsets.UTF_8));
        return key.scope() + ":r" + Math.floorMod(ByteBuffer.wrap(mac).getInt(), rows) + "/" + rows;
    }

    /** HMAC with the cluster's secret: created by the first node that needs it, read from the store by every other. */
    private Mac fold() {
        if (fold == null) {
            String secret = secret();
            try {
                fold = Mac.getInstance("HmacSHA256");
                fold.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return fold;
    }

    /**
     * The stored secret, or a new one. Claimed by the atomic putIfAbsent and filled at once by replace, because with
     * get-then-put (put applies at commit) two nodes starting together each wrote their own; a loser waits for it.
     */
    private String secret() {
        String secret = storedSecret();
        if (secret != null) {
            return secret;
        }
        String fresh = SecretGenerator.getInstance().randomString(43);
        if (store.putIfAbsent(SECRET_KEY, SECRET_LIFESPAN) && fill(fresh)) {
            return fresh;
        }
        long deadline = System.nanoTime() + SECRET_WAIT.toNanos();
        while ((secret = storedSecret()) == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (secret == null) {
            // the claim's node died between its two calls; claimed again in case the empty claim has expired since
            store.putIfAbsent(SECRET_KEY, SECRET_LIFESPAN);
            fill(fresh);
            secret = storedSecret();
        }
        if (secret == null) {
            throw new IllegalStateException("no fold secret in the single-use store");
        }
        return secret;
    }

    /** Fills the claimed key; false when it is gone. */
    private boolean fill(String secret) {
        return store.replace(SECRET_KEY, Map.of(SECRET_NOTE, secret));
    }

    private String storedSecret() {
        Map<String, String> stored = store.get(SECRET_KEY);
        return stored == null ? null : stored.get(SECRET_NOTE);
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

    private static String sha256(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Window(String base, long secondsLeft) {

        static Window of(String row, Duration length) {
            long seconds = Math.max(1, length.toSeconds());
            long now = Time.currentTimeMillis() / 1000;
            long index = now / seconds;
            long left = (index + 1) * seconds - now;
            return new Window(PREFIX + row + ":" + seconds + ":" + index, left + 1);
        }

        String slotKey(int slot) {
            return base + ":" + slot;
        }
    }
}
