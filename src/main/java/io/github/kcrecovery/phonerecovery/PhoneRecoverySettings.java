package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.sms.SmsLimits;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of the phone-recovery steps, read from an execution's authenticator config (editable with the
 * gear icon in the admin console). A missing or unreadable value falls back to its default, so a half-typed
 * config never breaks the flow.
 */
public record PhoneRecoverySettings(Map<String, String> values) {

    public static final String CODE_LENGTH = "codeLength";
    public static final String CODE_LIFE = "codeLifeSeconds";
    public static final String RESEND_COOLDOWN = "resendCooldownSeconds";
    public static final String MAX_SENDS_PER_RECOVERY = "maxSendsPerRecovery";
    public static final String MAX_WRONG_CODES = "maxWrongCodes";
    public static final String MAX_WRONG_CODES_PER_DAY = "maxWrongCodesPerDay";
    public static final String MAX_DIGIT_MISMATCHES = "maxDigitMismatchesPerDay";

    public static PhoneRecoverySettings of(AuthenticatorConfigModel config) {
        return new PhoneRecoverySettings(config == null || config.getConfig() == null ? Map.of() : config.getConfig());
    }

    public int codeLength() {
        return Math.max(6, Math.min(10, number(CODE_LENGTH, 6)));
    }

    public Duration codeLife() {
        return Duration.ofSeconds(Math.max(1, number(CODE_LIFE, 60)));
    }

    public Duration resendCooldown() {
        return Duration.ofSeconds(Math.max(0, number(RESEND_COOLDOWN, 30)));
    }

    public int maxSendsPerRecovery() {
        return number(MAX_SENDS_PER_RECOVERY, 5);
    }

    public int maxWrongCodes() {
        return Math.max(1, number(MAX_WRONG_CODES, 5));
    }

    /** Wrong codes per account, and per number, per 24 h across all recoveries. */
    public int maxWrongCodesPerDay() {
        return Math.max(1, number(MAX_WRONG_CODES_PER_DAY, 10));
    }

    public int maxDigitMismatches() {
        return number(MAX_DIGIT_MISMATCHES, 3);
    }

    /** The cluster-wide SMS limits; the number cooldown is the resend cooldown. */
    public SmsLimits smsLimits() {
        return SmsLimits.of(values, resendCooldown());
    }

    public PhoneNumbers phoneNumbers() {
        return PhoneNumbers.ofSettings(values);
    }

    private int number(String key, int fallback) {
        return SmsLimits.number(values, key, fallback);
    }

    static List<ProviderConfigProperty> digitsProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(MAX_DIGIT_MISMATCHES).label("Digit mismatches per identifier per 24 h")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(3)
                .helpText("After this many wrong guesses of the hidden digits even the right digits send nothing.").add()
                .build();
    }

    /** The code settings, the SMS limits ({@link SmsLimits}) and the default region the country list falls back to. */
    static List<ProviderConfigProperty> codeProperties() {
        List<ProviderConfigProperty> properties = new java.util.ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(CODE_LENGTH).label("Code length").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(6)
                .helpText("Digits in an SMS code (6 to 10)").add()
                .property().name(CODE_LIFE).label("Code life (seconds)").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(60).add()
                .property().name(RESEND_COOLDOWN).label("Resend cooldown (seconds)").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(30).add()
                .property().name(MAX_SENDS_PER_RECOVERY).label("SMS per recovery").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(5).add()
                .property().name(MAX_WRONG_CODES).label("Wrong codes per recovery").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(5)
                .helpText("After this many wrong codes even the right code is refused; a new code does not reset the count").add()
                .property().name(MAX_WRONG_CODES_PER_DAY).label("Wrong codes per account per 24 h").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10)
                .helpText("Across all recoveries (new sessions, \"reset by email instead\"), per account and per number; "
                        + "when used up no more codes are sent to that account and even the right code is refused").add()
                .build());
        properties.addAll(SmsLimits.properties());
        properties.addAll(PhoneNumbers.regionProperties());
        return properties;
    }
}
