package io.github.kcrecovery.username;

import io.github.kcrecovery.phone.PhoneNumbers;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the forgot-login form asked for, checked for shape only (never against accounts, so the errors
 * reveal nothing): email and/or phone, and a birth date.
 */
record ForgotUsernameRequest(Optional<String> email, Optional<String> phone, LocalDate birthdate) {

    static final String EMAIL = "email";
    static final String PHONE = "phone";
    /** The form field, named like the user-profile attribute it is compared with. */
    static final String BIRTHDATE = "birthdate";
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

    /** A parsed request, or the message key of each bad field. */
    record Parsed(Optional<ForgotUsernameRequest> request, Map<String, String> errors) {
    }

    static Parsed parse(String email, String phone, String birthdate, PhoneNumbers phoneNumbers, LocalDate today) {
        Map<String, String> errors = new LinkedHashMap<>();
        String typedEmail = trim(email);
        String typedPhone = trim(phone);
        Optional<String> normalizedEmail = Optional.empty();
        Optional<String> normalizedPhone = Optional.empty();
        if (typedEmail.isEmpty() && typedPhone.isEmpty()) {
            errors.put(EMAIL, "recoveryUsernameErrorContactMissing");
        }
        if (!typedEmail.isEmpty()) {
            if (isEmail(typedEmail)) {
                normalizedEmail = Optional.of(typedEmail.toLowerCase(Locale.ROOT));
            } else {
                errors.put(EMAIL, "recoveryUsernameErrorEmailInvalid");
            }
        }
        if (!typedPhone.isEmpty()) {
            normalizedPhone = phoneNumbers.toE164(typedPhone);
            if (normalizedPhone.isEmpty()) {
                errors.put(PHONE, "recoveryUsernameErrorPhoneInvalid");
            }
        }
        LocalDate date = null;
        String typedDate = trim(birthdate);
        if (typedDate.isEmpty()) {
            errors.put(BIRTHDATE, "recoveryUsernameErrorBirthdateMissing");
        } else {
            date = parseDate(typedDate).filter(d -> !d.isBefore(EARLIEST) && !d.isAfter(today)).orElse(null);
            if (date == null) {
                errors.put(BIRTHDATE, "recoveryUsernameErrorBirthdateInvalid");
            }
        }
        return errors.isEmpty()
                ? new Parsed(Optional.of(new ForgotUsernameRequest(normalizedEmail, normalizedPhone, date)), Map.of())
                : new Parsed(Optional.empty(), errors);
    }

    /** The normalized identifiers (email first), each of which has its own mismatch and attempt counters. */
    List<String> identifiers() {
        List<String> identifiers = new ArrayList<>(2);
        email.ifPresent(identifiers::add);
        phone.ifPresent(identifiers::add);
        return identifiers;
    }

    static Optional<LocalDate> parseDate(String value) {
        if (value == null || value.length() != 10) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean isEmail(String value) {
        int at = value.indexOf('@');
        return value.length() <= MAX_EMAIL_LENGTH && at > 0 && at == value.lastIndexOf('@') && at < value.length() - 1
                && value.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}
