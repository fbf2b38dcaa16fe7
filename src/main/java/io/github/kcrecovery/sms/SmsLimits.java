package io.github.kcrecovery.sms;

import io.github.kcrecovery.phone.PhoneNumbers;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place for the SMS limits: their config keys, defaults, parsing and console fields. Every settings page that
 * sends SMS (the SMS code step, the forgot-login step, the verify-phone action) embeds these fields; messages without
 * a step of their own (notices, admin links, test SMS) use the verify-phone action's config, the realm's one
 * required-action config ({@link #ofRealm}).
 *
 * @param allowedCountries ISO regions SMS may go to; never empty: by default the realm's default region only
 */
public record SmsLimits(int perIpPerHour, int perNumberPerHour, int perAccountPerHour, int perRealmPerHour,
                        Duration numberCooldown, Set<String> allowedCountries) {

    public static final String MAX_SENDS_PER_NUMBER = "maxSendsPerNumberPerHour";
    public static final String MAX_SENDS_PER_IP = "maxSendsPerIpPerHour";
    public static final String MAX_SENDS_PER_ACCOUNT = "maxSendsPerAccountPerHour";
    public static final String MAX_SENDS_PER_REALM = "maxSendsPerRealmPerHour";
    public static final String ALLOWED_COUNTRIES = "allowedCountries";
    /** Where a realm's SMS limits for messages without a step live: the verify-phone required action's config. */
    static final String REALM_CONFIG_ALIAS = "recovery-verify-phone";

    /**
     * @param values         an execution's or required action's config
     * @param numberCooldown pause between two SMS to one number
     */
    public static SmsLimits of(Map<String, String> values, Duration numberCooldown) {
        return new SmsLimits(number(values, MAX_SENDS_PER_IP, 20), number(values, MAX_SENDS_PER_NUMBER, 5),
                number(values, MAX_SENDS_PER_ACCOUNT, 10), number(values, MAX_SENDS_PER_REALM, 500), numberCooldown,
                countries(values.get(ALLOWED_COUNTRIES), values.get(PhoneNumbers.REGION_SETTING)));
    }

    /** The limits for messages that belong to no flow step: notices, admin links, the test SMS. */
    public static SmsLimits ofRealm(RealmModel realm) {
        RequiredActionConfigModel config = realm.getRequiredActionConfigByAlias(REALM_CONFIG_ALIAS);
        return of(config == null || config.getConfig() == null ? Map.of() : config.getConfig(), Duration.ZERO);
    }

    /**
     * The admin's comma- or space-separated list of ISO regions; empty means the default region alone (a realm
     * pays for other countries only when an admin lists them).
     */
    static Set<String> countries(String list, String defaultRegion) {
        Set<String> listed = Arrays.stream((list == null ? "" : list).split("[,\\s]+"))
                .map(c -> c.trim().toUpperCase(Locale.ROOT)).filter(c -> !c.isEmpty()).collect(Collectors.toUnmodifiableSet());
        if (!listed.isEmpty()) {
            return listed;
        }
        String region = defaultRegion == null || defaultRegion.isBlank() ? PhoneNumbers.DEFAULT_REGION : defaultRegion.trim();
        return Set.of(region.toUpperCase(Locale.ROOT));
    }

    public boolean countryAllowed(String e164) {
        return PhoneNumbers.regionOf(e164).map(allowedCountries::contains).orElse(false);
    }

    /** The same limits with another per-account allowance (e.g. the verify-phone action's own default). */
    public SmsLimits withPerAccountPerHour(int perAccount) {
        return new SmsLimits(perIpPerHour, perNumberPerHour, perAccount, perRealmPerHour, numberCooldown, allowedCountries);
    }

    /** A whole number of a config, at least 0; missing or unreadable means {@code fallback}. */
    public static int number(Map<String, String> values, String key, int fallback) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The console fields of the limits, for every settings page that sends SMS. */
    public static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property().name(MAX_SENDS_PER_NUMBER).label("SMS per destination number per hour")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("5").add()
                .property().name(MAX_SENDS_PER_IP).label("SMS per client IP per hour")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("20")
                .helpText("IPv6 clients count per /64 network.").add()
                .property().name(MAX_SENDS_PER_ACCOUNT).label("SMS per account per hour")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("10")
                .helpText("Counted across sessions, whatever the message.").add()
                .property().name(MAX_SENDS_PER_REALM).label("SMS per realm per hour (budget)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("500")
                .helpText("All SMS of the realm count; set the same value on every SMS settings page.").add()
                .property().name(ALLOWED_COUNTRIES).label("Allowed SMS destination countries")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated ISO regions (RU,KZ,BY); empty allows the default region only.").add()
                .build();
    }
}
