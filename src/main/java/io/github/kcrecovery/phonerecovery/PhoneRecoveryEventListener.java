package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.phone.ConfirmedPhone;
import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.sms.SmsSenderProvider;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
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
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.theme.Theme;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Optional;

/**
 * Two side effects of the phone recovery, hooked on Keycloak events:
 * <ul>
 *   <li>after a password was set at the end of an SMS recovery, a notice (no secrets) to the account's
 *   verified email, else to its confirmed phone;</li>
 *   <li>after an admin updated a user whose {@code phoneNumber} no longer equals the confirmed copy,
 *   {@code phoneNumberVerified} is set back to {@code false} (so the phone claim stops saying verified;
 *   {@link ConfirmedPhone} already refuses such a number either way).</li>
 * </ul>
 */
public class PhoneRecoveryEventListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(PhoneRecoveryEventListener.class);

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
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession == null || !"true".equals(authSession.getAuthNote(SmsCodeAuthenticator.VERIFIED_NOTE))) {
            return;
        }
        authSession.removeAuthNote(SmsCodeAuthenticator.VERIFIED_NOTE);
        RealmModel realm = session.getContext().getRealm();
        UserModel user = session.users().getUserById(realm, event.getUserId());
        if (user == null) {
            return;
        }
        if (user.getEmail() != null && user.isEmailVerified()) {
            try {
                session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                        .send("recoveryPhonePasswordChangedSubject", "recovery-password-changed.ftl", new HashMap<>());
            } catch (EmailException e) {
                LOG.warnf("password-changed notice to user %s not sent: %s", user.getId(), e.getMessage());
            }
            return;
        }
        Optional<String> phone = ConfirmedPhone.of(user);
        SmsSenderProvider sms = session.getProvider(SmsSenderProvider.class);
        if (phone.isPresent() && sms != null) {
            try {
                sms.send(phone.get(), smsText(realm, user));
            } catch (SmsSendException | RuntimeException e) {
                LOG.warnf("password-changed notice to %s not sent: %s", PhoneNumbers.mask(phone.get()), e.getMessage());
            }
        }
    }

    private String smsText(RealmModel realm, UserModel user) {
        Locale locale = session.getContext().resolveLocale(user);
        String realmName = realm.getDisplayName() == null ? realm.getName() : realm.getDisplayName();
        try {
            String pattern = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale)
                    .getProperty("recoveryPhonePasswordChangedSms");
            if (pattern != null) {
                return new MessageFormat(pattern, locale).format(new Object[]{realmName, user.getUsername()});
            }
        } catch (java.io.IOException e) {
            LOG.debug("messages not readable", e);
        }
        return realmName + ": the password of " + user.getUsername() + " was changed.";
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
        }
    }

    @Override
    public void close() {
    }
}
