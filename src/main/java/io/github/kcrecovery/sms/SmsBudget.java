package io.github.kcrecovery.sms;

import io.github.kcrecovery.throttle.ClientKeys;
import io.github.kcrecovery.throttle.Throttle;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.time.Duration;
import java.util.Optional;

/**
 * The SMS limits every SMS counts against, whatever it carries: per client (IPv4 address or IPv6 /64), a cooldown and
 * a count per destination number, a count per account, a realm-wide budget, and the destination-country allow-list.
 * The counter keys are shared, so all messages draw on the same budget. Called by {@link SmsOutbox} only.
 */
final class SmsBudget {

    /** The refusal of a send without a destination (see {@link #take}). */
    static final String NO_NUMBER = "no_number";
    private static final Duration HOUR = Duration.ofHours(1);

    private SmsBudget() {
    }

    /**
     * Takes one send from every budget, or names the first limit that refuses it (then nothing further is
     * counted and nothing may be sent).
     *
     * @param clientIp  the request's client address, or null for a message no visitor asked for (a notice)
     * @param e164      the destination, or null for a send that only looks like one (a decoy): it still counts against
     *                  the client, so decoys and real sends run into the same limit, and is refused with {@link #NO_NUMBER}
     * @param accountId the account the message is about, or null
     */
    static Optional<String> take(KeycloakSession session, RealmModel realm, String clientIp, String e164, String accountId,
                                 SmsLimits limits) {
        Throttle throttle = Throttle.of(session);
        String realmId = realm.getId();
        if (clientIp != null
                && !throttle.tryAcquire(Throttle.key("sms-ip", realmId, ClientKeys.of(clientIp)), limits.perIpPerHour(), HOUR)) {
            return Optional.of("ip_limit");
        }
        if (e164 == null) {
            return Optional.of(NO_NUMBER);
        }
        if (!limits.countryAllowed(e164)) {
            return Optional.of("country_not_allowed");
        }
        if (!throttle.startCooldown(Throttle.key("sms-number-cooldown", realmId, e164), limits.numberCooldown())) {
            return Optional.of("number_cooldown");
        }
        if (!throttle.tryAcquire(Throttle.key("sms-number", realmId, e164), limits.perNumberPerHour(), HOUR)) {
            return Optional.of("number_limit");
        }
        if (accountId != null
                && !throttle.tryAcquire(Throttle.accountKey("sms-account", realmId, accountId), limits.perAccountPerHour(), HOUR)) {
            return Optional.of("account_limit");
        }
        if (!throttle.tryAcquire(Throttle.key("sms-realm", realmId), limits.perRealmPerHour(), HOUR)) {
            return Optional.of("realm_budget");
        }
        return Optional.empty();
    }
}
