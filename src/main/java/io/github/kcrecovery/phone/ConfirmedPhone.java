package io.github.kcrecovery.phone;

import org.keycloak.models.UserModel;

import java.util.Optional;

/**
 * The one rule for "this account has a confirmed phone". A number counts as confirmed only while
 * {@code phoneNumberVerified} is {@code true} AND {@code phoneNumberConfirmed} (a copy written when the
 * number was confirmed) equals the current {@code phoneNumber}. So when anyone (an admin, an import, a
 * federation sync) changes {@code phoneNumber}, the account stops qualifying until the new number is
 * confirmed again, without needing a hook on every way an attribute can change.
 */
public final class ConfirmedPhone {

    public static final String PHONE = "phoneNumber";
    public static final String VERIFIED = "phoneNumberVerified";
    public static final String CONFIRMED_COPY = "phoneNumberConfirmed";

    private ConfirmedPhone() {
    }

    /** The account's confirmed number in E.164, or empty. */
    public static Optional<String> of(UserModel user) {
        if (user == null || !"true".equals(user.getFirstAttribute(VERIFIED))) {
            return Optional.empty();
        }
        String phone = user.getFirstAttribute(PHONE);
        if (phone == null || !phone.equals(user.getFirstAttribute(CONFIRMED_COPY))
                || PhoneNumbers.regionOf(phone).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(phone);
    }

    /** Records that the person proved they hold {@code e164}. */
    public static void confirm(UserModel user, String e164) {
        user.setSingleAttribute(PHONE, e164);
        user.setSingleAttribute(CONFIRMED_COPY, e164);
        user.setSingleAttribute(VERIFIED, "true");
    }
}
