package io.github.kcrecovery.username;

import io.github.kcrecovery.phone.ConfirmedPhone;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The enabled accounts a forgot-login request points at: those whose CONFIRMED email is the typed email, and
 * those whose CONFIRMED phone is the typed phone. Both are indexed lookups (email column, attribute value), so
 * they stay cheap at a million users. Families share contacts, so there may be several.
 */
final class MatchingAccounts {

    /** More accounts behind one contact than any family has: the rest are ignored. */
    private static final int MAX_ACCOUNTS = 20;

    private MatchingAccounts() {
    }

    static List<UserModel> find(KeycloakSession session, RealmModel realm, ForgotUsernameRequest request) {
        Map<String, UserModel> found = new LinkedHashMap<>();
        request.email().ifPresent(email -> add(found, session.users()
                .searchForUserStream(realm, Map.of(UserModel.EMAIL, email, UserModel.EXACT, Boolean.TRUE.toString()))
                .filter(u -> u.isEmailVerified() && email.equalsIgnoreCase(u.getEmail()))));
        request.phone().ifPresent(e164 -> add(found, session.users()
                .searchForUserByUserAttributeStream(realm, ConfirmedPhone.PHONE, e164)
                .filter(u -> ConfirmedPhone.of(u).filter(e164::equals).isPresent())));
        return List.copyOf(found.values());
    }

    static boolean bornOn(UserModel user, LocalDate date) {
        return ForgotUsernameRequest.parseDate(user.getFirstAttribute(ForgotUsernameRequest.BIRTHDATE)).filter(date::equals).isPresent();
    }

    private static void add(Map<String, UserModel> found, Stream<UserModel> users) {
        users.filter(u -> u.isEnabled() && u.getServiceAccountClientLink() == null)
                .limit(MAX_ACCOUNTS)
                .forEach(u -> found.putIfAbsent(u.getId(), u));
    }
}
