package io.github.kcrecovery.throttle;

import org.keycloak.models.KeycloakSession;

import java.time.Duration;

/**
 * Keeps the memory of counters keyed by what anonymous visitors TYPE (an email, a phone, a login) bounded. Every use
 * of a {@link Throttle} counter is an entry in the replicated store that lives up to its window (24 h for the
 * mismatch counters), so a script typing random identifiers would otherwise add entries without end.
 * <p>
 * An identifier seen in the last day keeps its own counters. A NEW identifier gets its own only while two budgets
 * last: {@value #NEW_PER_CLIENT_PER_HOUR} new identifiers per client (IPv4 address or IPv6 /64) per hour, and
 * {@value #NEW_PER_REALM_PER_HOUR} per realm per hour. Beyond them its counters fall back to one shared overflow
 * counter per realm: the limits still hold (more strictly: everybody in the overflow shares one allowance), and the
 * store holds at most about {@code 2 x NEW_PER_REALM_PER_HOUR} identifier markers and budget slots per hour plus
 * {@value #NEW_PER_CLIENT_PER_HOUR} slots per client, however many identifiers are typed.
 */
public final class IdentifierCounters {

    public static final int NEW_PER_CLIENT_PER_HOUR = 10;
    public static final int NEW_PER_REALM_PER_HOUR = 5_000;
    /** What {@link #key} answers for an identifier over the budgets. */
    public static final String OVERFLOW = "\u0000overflow";
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final Throttle throttle;

    public IdentifierCounters(KeycloakSession session) {
        this(new Throttle(session));
    }

    IdentifierCounters(Throttle throttle) {
        this.throttle = throttle;
    }

    /**
     * The identifier to build counter keys with ({@code Throttle.key(name, realmId, key(...))}): the typed one while
     * the budgets for new identifiers last, else {@link #OVERFLOW}.
     *
     * @param identifier the normalized identifier as typed
     * @param clientIp   the request's client address
     */
    public String key(String realmId, String clientIp, String identifier) {
        String seen = Throttle.key("identifier-seen", realmId, identifier);
        if (throttle.used(seen, 1, DAY) > 0) {
            return identifier;
        }
        // claim the budgets first, then remember the identifier: parallel requests cannot overrun them
        if (!throttle.tryAcquire(Throttle.key("identifier-new-client", realmId, ClientKeys.of(clientIp)), NEW_PER_CLIENT_PER_HOUR, HOUR)
                || !throttle.tryAcquire(Throttle.key("identifier-new-realm", realmId), NEW_PER_REALM_PER_HOUR, HOUR)) {
            return OVERFLOW;
        }
        throttle.tryAcquire(seen, 1, DAY);
        return identifier;
    }
}
