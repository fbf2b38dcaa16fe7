package io.github.kcrecovery.admin;

import io.github.kcrecovery.phone.PhoneNumbers;
import org.keycloak.models.UserModel;

import java.util.Optional;

/**
 * The account's confirmed phone ({@code phoneNumber} in E.164 with {@code phoneNumberVerified=true}), the only
 * number an admin-started SMS may go to.
 */
final class ConfirmedPhone {

    static final String PHONE = "phoneNumber";
    static final String VERIFIED = "phoneNumberVerified";

    private ConfirmedPhone() {
    }

    static Optional<String> of(UserModel user) {
        if (user == null || !"true".equals(user.getFirstAttribute(VERIFIED))) {
            return Optional.empty();
        }
        String phone = user.getFirstAttribute(PHONE);
        return phone != null && PhoneNumbers.regionOf(phone).isPresent() ? Optional.of(phone) : Optional.empty();
    }
}
