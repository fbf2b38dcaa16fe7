package io.github.kcrecovery.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that parses, normalizes, masks and compares phone numbers (libphonenumber, E.164).
 * Masks show the country code and at most the last {@value #VISIBLE_DIGITS} digits.
 */
public final class PhoneNumbers {

    public static final String DEFAULT_REGION = "RU";
    /** The setting, on every step or action that reads typed numbers, of the region for numbers without a country code. */
    public static final String REGION_SETTING = "defaultRegion";
    public static final int VISIBLE_DIGITS = 2;
    static final char MASK_CHAR = '•';
    /** Longer input is not a phone number; refusing it early keeps the parser away from huge strings. */
    private static final int MAX_INPUT_LENGTH = 40;

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    public PhoneNumbers(String defaultRegion) {
        String region = defaultRegion == null || defaultRegion.isBlank() ? DEFAULT_REGION : defaultRegion.trim().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("Unknown phone region: " + region);
        }
        this.defaultRegion = region;
    }

    /** The normalizer for a step's or action's settings; a missing or unknown region means {@value #DEFAULT_REGION}. */
    public static PhoneNumbers ofSettings(Map<String, String> settings) {
        try {
            return new PhoneNumbers(settings.get(REGION_SETTING));
        } catch (IllegalArgumentException e) {
            return new PhoneNumbers(DEFAULT_REGION);
        }
    }

    /** The console field of {@link #REGION_SETTING}. */
    public static List<ProviderConfigProperty> regionProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(REGION_SETTING).label("Phone default region").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULT_REGION)
                .helpText("ISO region used for numbers typed without a country code, and of the decoy numbers, e.g. RU").add()
                .build();
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    /**
     * Normalizes what a person or an admin typed ({@code 8 (916) 123-45-67}, {@code +7 916 1234567},
     * {@code 0049 30 1234567}) to E.164, or empty when it is not a valid number.
     */
    public Optional<String> toE164(String input) {
        if (input == null || input.isBlank() || input.length() > MAX_INPUT_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            // digits, the usual separators and a leading plus; letters (vanity numbers, "ext") are refused
            if (!(c >= '0' && c <= '9') && " +-().\u00a0".indexOf(c) < 0) {
                return Optional.empty();
            }
        }
        try {
            PhoneNumber number = UTIL.parse(input.trim(), defaultRegion);
            return UTIL.isValidNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** The ISO region of an E.164 number ({@code RU}, {@code DE}), or empty when unknown. */
    public static Optional<String> regionOf(String e164) {
        return parseE164(e164).map(UTIL::getRegionCodeForNumber).filter(r -> !"ZZ".equals(r));
    }

    /**
     * An E.164 number written for reading, in the international format of its country: {@code +74951234567}
     * becomes {@code +7 495 123-45-67}. Anything else comes back as it is.
     */
    public static String formatForReading(String e164) {
        return parseE164(e164).map(n -> UTIL.format(n, PhoneNumberFormat.INTERNATIONAL)).orElse(e164);
    }

    /** {@code +79161234567} becomes {@code +7 •••-•••-••-67}: country code and the last two digits only. */
    public static String mask(String e164) {
        PhoneNumber number = parseE164(e164).orElseThrow(() -> new IllegalArgumentException("not an E.164 number"));
        String countryPrefix = "+" + number.getCountryCode();
        String formatted = UTIL.format(number, PhoneNumberFormat.INTERNATIONAL);
        String national = formatted.substring(countryPrefix.length());
        int digitsLeft = (int) national.chars().filter(Character::isDigit).count();
        StringBuilder masked = new StringBuilder(countryPrefix);
        for (char c : national.toCharArray()) {
            if (Character.isDigit(c)) {
                masked.append(digitsLeft-- > VISIBLE_DIGITS ? MASK_CHAR : c);
            } else {
                masked.append(c);
            }
        }
        return masked.toString();
    }

    /** How many digits the mask hides, i.e. how many the person has to type. */
    public static int hiddenDigitCount(String e164) {
        return hiddenDigits(e164).length();
    }

    /**
     * Whether the digits a person typed are the hidden ones of this number. Separators are ignored; the
     * comparison takes the same time whatever the digits.
     */
    public static boolean matchesHiddenDigits(String e164, String typed) {
        if (typed == null || typed.length() > MAX_INPUT_LENGTH) {
            return false;
        }
        String typedDigits = typed.replaceAll("[^0-9]", "");
        byte[] expected = hiddenDigits(e164).getBytes(StandardCharsets.US_ASCII);
        return !typedDigits.isEmpty()
                && MessageDigest.isEqual(expected, typedDigits.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A plausible mobile number of the default region made from {@code seed}: what an unknown account is
     * shown instead of a real number, so the masked-phone page does not tell whether the account exists.
     */
    public String decoy(byte[] seed) {
        PhoneNumber example = UTIL.getExampleNumberForType(defaultRegion, PhoneNumberUtil.PhoneNumberType.MOBILE);
        String national = UTIL.getNationalSignificantNumber(example);
        // keep the operator prefix so the number looks like the region's mobiles; vary the subscriber part
        int keep = Math.min(3, national.length() - VISIBLE_DIGITS);
        StringBuilder digits = new StringBuilder(national.substring(0, keep));
        for (int i = keep; i < national.length(); i++) {
            digits.append(Math.floorMod(seed[i % seed.length], 10));
        }
        return "+" + example.getCountryCode() + digits;
    }

    private static String hiddenDigits(String e164) {
        PhoneNumber number = parseE164(e164).orElseThrow(() -> new IllegalArgumentException("not an E.164 number"));
        String national = UTIL.getNationalSignificantNumber(number);
        return national.substring(0, Math.max(0, national.length() - VISIBLE_DIGITS));
    }

    private static Optional<PhoneNumber> parseE164(String e164) {
        if (e164 == null || !e164.matches("\\+[1-9][0-9]{6,14}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(UTIL.parse(e164, null));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
