package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.phone.ConfirmedPhone;
import io.github.kcrecovery.phone.PhoneNumbers;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * The notices of changes, hooked on Keycloak events (see {@link ChangeNotices}):
 * <ul>
 *   <li>after a person set a new password on the login pages (any recovery: SMS, email link, forgot both, admin
 *   link, or the update-password action), a notice to each confirmed channel;</li>
 *   <li>after an admin updated a user whose {@code phoneNumber} no longer equals the confirmed copy, a notice to the
 *   OLD confirmed number and the email, and {@code phoneNumberVerified} back to {@code false} (so the phone claim
 *   stops saying verified; {@link ConfirmedPhone} already refuses such a number either way).</li>
 * </ul>
 */
public class PhoneRecoveryEventListener implements EventListenerProvider {

    private final KeycloakSession session;

    public PhoneRecoveryEventListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.UPDATE_CREDENTIAL || event.getDetails() == null
                || !PasswordCredentialModel.TYPE.equals(event.getDetails().get(Details.CREDENTIAL_TYPE))) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user != null) {
            ChangeNotices.passwordChanged(session, realm, user);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.USER || event.getOperationType() != OperationType.UPDATE
                || event.getResourcePath() == null || !event.getResourcePath().matches("users/[^/]+")) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getResourcePath().substring("users/".length()));
        if (user != null && "true".equals(user.getFirstAttribute(ConfirmedPhone.VERIFIED)) && ConfirmedPhone.of(user).isEmpty()) {
            user.setSingleAttribute(ConfirmedPhone.VERIFIED, "false");
            String old = user.getFirstAttribute(ConfirmedPhone.CONFIRMED_COPY);
            if (old != null && PhoneNumbers.regionOf(old).isPresent()) {
                ChangeNotices.phoneChanged(session, realm, user, old);
            }
        }
    }

    @Override
    public void close() {
    }
}
