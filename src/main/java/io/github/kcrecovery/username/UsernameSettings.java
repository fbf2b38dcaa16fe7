package io.github.kcrecovery.username;

import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.sms.SmsBudget;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Settings of the forgot-login step (gear icon of its execution); a missing or bad value means the default. */
record UsernameSettings(Map<String, String> values) {

    static final String SEND_SMS = "sendSms";
    static final String MAX_MISMATCHES = "maxBirthdateMismatchesPerDay";
    static final String MAX_ATTEMPTS_PER_IP = "maxAttemptsPerIdentifierAndIpPerHour";
    static final String MAX_MESSAGES_PER_ACCOUNT = "maxMessagesPerAccountPerHour";
    static final String DEFAULT_REGION = "defaultRegion";
    // same names as the phone path's settings: the SMS limits an admin sets there apply here as well
    static final String MAX_SENDS_PER_NUMBER = "maxSendsPerNumberPerHour";
    static final String MAX_SENDS_PER_IP = "maxSendsPerIpPerHour";
    static final String MAX_SENDS_PER_REALM = "maxSendsPerRealmPerHour";
    static final String ALLOWED_COUNTRIES = "allowedCountries";
    private static final Duration NUMBER_COOLDOWN = Duration.ofSeconds(30);

    static UsernameSettings of(AuthenticatorConfigModel config) {
        return new UsernameSettings(config == null || config.getConfig() == null ? Map.of() : config.getConfig());
    }

    boolean sendSms() {
        return !"false".equalsIgnoreCase(values.getOrDefault(SEND_SMS, "true").trim());
    }

    int maxMismatches() {
        return number(MAX_MISMATCHES, 3);
    }

    int maxAttemptsPerIdentifierAndIp() {
        return number(MAX_ATTEMPTS_PER_IP, 10);
    }

    int maxMessagesPerAccount() {
        return number(MAX_MESSAGES_PER_ACCOUNT, 3);
    }

    SmsBudget.Limits smsLimits() {
        return new SmsBudget.Limits(number(MAX_SENDS_PER_IP, 20), number(MAX_SENDS_PER_NUMBER, 5),
                number(MAX_SENDS_PER_REALM, 500), NUMBER_COOLDOWN, SmsBudget.Limits.countries(values.get(ALLOWED_COUNTRIES)));
    }

    PhoneNumbers phoneNumbers() {
        try {
            return new PhoneNumbers(values.get(DEFAULT_REGION));
        } catch (IllegalArgumentException e) {
            return new PhoneNumbers(PhoneNumbers.DEFAULT_REGION);
        }
    }

    private int number(String key, int fallback) {
        try {
            return Math.max(0, Integer.parseInt(values.getOrDefault(key, "").trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property().name(SEND_SMS).label("SMS the login to accounts without a confirmed email")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
                .helpText("Only to the account's confirmed phone; counts in the SMS limits (per number, per IP, realm budget).").add()
                .property().name(MAX_MISMATCHES).label("Birth-date mismatches per identifier per 24 h")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("3")
                .helpText("After this many wrong birth dates for an email or phone even the right date sends nothing.").add()
                .property().name(MAX_ATTEMPTS_PER_IP).label("Attempts per identifier and client IP per hour")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("10").add()
                .property().name(MAX_MESSAGES_PER_ACCOUNT).label("Login reminders per account per hour")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("3").add()
                .property().name(DEFAULT_REGION).label("Phone default region").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(PhoneNumbers.DEFAULT_REGION)
                .helpText("ISO region for numbers typed without a country code, e.g. RU").add()
                .property().name(MAX_SENDS_PER_NUMBER).label("SMS per destination number per hour")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("5").add()
                .property().name(MAX_SENDS_PER_IP).label("SMS per client IP per hour")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("20").add()
                .property().name(MAX_SENDS_PER_REALM).label("SMS per realm per hour (budget)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("500").add()
                .property().name(ALLOWED_COUNTRIES).label("Allowed SMS destination countries")
                .type(ProviderConfigProperty.STRING_TYPE).helpText("Comma-separated ISO regions (RU,KZ,BY); empty allows all").add()
                .build();
    }
}
