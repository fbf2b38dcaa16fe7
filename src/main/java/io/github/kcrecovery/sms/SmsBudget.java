package io.github.kcrecovery.sms;

import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.throttle.Throttle;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SMS limits every recovery SMS counts against, whatever it carries (a code, a login): per client IP, a
 * cooldown and a count per destination number, a realm-wide budget, and the destination-country allow-list.
 * The counter keys are shared, so all senders draw on the same budget.
 */
public final class SmsBudget {

    /** The refusal of a send without a destination (see {@link #take}). */
    public static final String NO_NUMBER = "no_number";
    private static final Duration HOUR = Duration.ofHours(1);

    /** @param allowedCountries ISO regions SMS may go to; empty allows all */
    public record Limits(int perIpPerHour, int perNumberPerHour, int perRealmPerHour, Duration numberCooldown,
                         Set<String> allowedCountries) {

        /** The admin's comma- or space-separated list of ISO regions, as a set. */
        public static Set<String> countries(String list) {
            return Arrays.stream((list == null ? "" : list).split("[,\\s]+")).map(c -> c.trim().toUpperCase(Locale.ROOT))
                    .filter(c -> !c.isEmpty()).collect(Collectors.toUnmodifiableSet());
        }

        public boolean countryAllowed(String e164) {
            return allowedCountries.isEmpty() || PhoneNumbers.regionOf(e164).map(allowedCountries::contains).orElse(false);
        }
    }

    private SmsBudget() {
    }

    /**
     * Takes one send from every budget, or names the first limit that refuses it (then nothing further is
     * counted and nothing may be sent).
     *
     * @param e164 the destination, or null for a send that only looks like one (a decoy): it still counts against
     *             the client IP, so decoys and real sends run into the same limit, and is refused with {@link #NO_NUMBER}
     */
    public static Optional<String> take(KeycloakSession session, RealmModel realm, String clientIp, String e164, Limits limits) {
        Throttle throttle = new Throttle(session);
        String realmId = realm.getId();
        if (!throttle.tryAcquire(Throttle.key("sms-ip", realmId, clientIp), limits.perIpPerHour(), HOUR)) {
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
        if (!throttle.tryAcquire(Throttle.key("sms-realm", realmId), limits.perRealmPerHour(), HOUR)) {
            return Optional.of("realm_budget");
        }
        return Optional.empty();
    }
}
