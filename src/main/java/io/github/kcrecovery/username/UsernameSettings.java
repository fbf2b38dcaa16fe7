package io.github.kcrecovery.username;

import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.sms.SmsLimits;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Settings of the forgot-login step (gear icon of its execution); a missing or bad value means the default. */
record UsernameSettings(Map<String, String> values) {

    static final String SEND_SMS = "sendSms";
    static final String MAX_MISMATCHES = "maxBirthdateMismatchesPerDay";
    static final String MAX_ATTEMPTS_PER_IP = "maxAttemptsPerIdentifierAndIpPerHour";
    static final String MAX_MESSAGES_PER_ACCOUNT = "maxMessagesPerAccountPerHour";
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

    SmsLimits smsLimits() {
        return SmsLimits.of(values, NUMBER_COOLDOWN);
    }

    PhoneNumbers phoneNumbers() {
        return PhoneNumbers.ofSettings(values);
    }

    private int number(String key, int fallback) {
        return SmsLimits.number(values, key, fallback);
    }

    static List<ProviderConfigProperty> properties() {
        List<ProviderConfigProperty> properties = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(SEND_SMS).label("SMS the login when a phone number is typed")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
                .helpText("Only when the typed number is the account's confirmed phone; counts in the SMS limits (per number, per IP, realm budget).").add()
                .property().name(MAX_MISMATCHES).label("Birth-date mismatches per identifier per 24 h")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("3")
                .helpText("After this many wrong birth dates for an email or phone even the right date sends nothing.").add()
                .property().name(MAX_ATTEMPTS_PER_IP).label("Attempts per identifier and client IP per hour")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("10").add()
                .property().name(MAX_MESSAGES_PER_ACCOUNT).label("Login reminders per account per hour")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("3").add()
                .build());
        properties.addAll(PhoneNumbers.regionProperties());
        properties.addAll(SmsLimits.properties());
        return properties;
    }
}
