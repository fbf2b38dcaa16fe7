package io.github.kcrecovery.sms;

import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.throttle.Throttle;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The SMS limits every recovery SMS counts against, whatever it carries (a code, a login): per client IP, a
 * cooldown and a count per destination number, a realm-wide budget, and the destination-country allow-list.
 * The counter keys are shared, so all senders draw on the same budget.
 */
public final class SmsBudget {

    private static final Duration HOUR = Duration.ofHours(1);

    /** @param allowedCountries ISO regions SMS may go to; empty allows all */
    public record Limits(int perIpPerHour, int perNumberPerHour, int perRealmPerHour, Duration numberCooldown,
                         Set<String> allowedCountries) {
    }

    private SmsBudget() {
    }

    /**
     * Takes one send from every budget, or names the first limit that refuses it (then nothing further is
     * counted and nothing may be sent).
     */
    public static Optional<String> take(KeycloakSession session, RealmModel realm, String clientIp, String e164, Limits limits) {
        Throttle throttle = new Throttle(session);
        String realmId = realm.getId();
        if (!throttle.tryAcquire(Throttle.key("sms-ip", realmId, clientIp), limits.perIpPerHour(), HOUR)) {
            return Optional.of("ip_limit");
        }
        if (!limits.allowedCountries().isEmpty()
                && !PhoneNumbers.regionOf(e164).map(limits.allowedCountries()::contains).orElse(false)) {
            return Optional.of("country_not_allowed");
        }
        if (!throttle.startCooldown(Throttle.key("sms-number-cooldown", realmId, e164), limits.numberCooldown())) {
            return Optional.of("number_cooldown");
        }
        if (!throttle.tryAcquire(Throttle.key("sms-number", realmId, e164), limits.perNumberPerHour(), HOUR)) {
            return Optional.of("number_limit");
        }
        if (!throttle.tryAcquire(Throttle.key("sms-realm", realmId), limits.perRealmPerHour(), HOUR)) {
            return Optional.of("realm_budget");
        }
        return Optional.empty();
    }
}
