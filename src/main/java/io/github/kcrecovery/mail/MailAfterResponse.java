package io.github.kcrecovery.mail;

import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.sms.SmsAfterResponse;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Errors;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Locale;

/**
 * Sends an email to an account AFTER the response, through the same mechanism as the SMS
 * ({@link SmsAfterResponse#afterResponse}): the request decides and counts, a pool thread renders and sends in its
 * own session once the request's transaction has committed. So a slow SMTP server never shows in the response time,
 * which would tell real accounts from unknown ones. A mail that cannot be delivered is an error event
 * ({@code reason=smtp}), the administrator's only signal; nothing about it reaches the page.
 */
public final class MailAfterResponse {

    static final String EXECUTOR = "kcrecovery-mail";
    private static final Logger LOG = Logger.getLogger(MailAfterResponse.class);

    /** Renders and sends one mail, in the pool thread's session, to the account as it is then. */
    @FunctionalInterface
    public interface Mail {
        void send(EmailTemplateProvider templates, RealmModel realm, UserModel user) throws EmailException;
    }

    private MailAfterResponse() {
    }

    /**
     * @param locale  the language of the page the person used, as if the mail had been sent during the request
     * @param what    names the mail in the log ("login reminder", "reset link")
     * @param failure the request's event, recorded as an error when the mail cannot be sent
     */
    public static void send(KeycloakSession session, RealmModel realm, String userId, Locale locale, String what,
                            RecoveryEvents.Deferred failure, Mail mail) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String language = locale.toLanguageTag();
        SmsAfterResponse.afterResponse(session, EXECUTOR,
                () -> deliver(factory, realmId, userId, language, what, failure, mail));
    }

    private static void deliver(KeycloakSessionFactory factory, String realmId, String userId, String language,
                                String what, RecoveryEvents.Deferred failure, Mail mail) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                session.getContext().setRealm(realm);
                session.setAttribute(LocaleSelectorProvider.USER_REQUEST_LOCALE, language);
                UserModel user = session.users().getUserById(realm, userId);
                if (user == null || !user.isEnabled()) {
                    return;
                }
                try {
                    mail.send(session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user), realm, user);
                } catch (EmailException e) {
                    LOG.warnf("%s email for user %s not sent: %s", what, userId, e.getMessage());
                    failure.error(session, realm, "smtp", Errors.EMAIL_SEND_FAILED);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("%s email for user %s not sent: %s", what, userId, e.toString());
        }
    }
}
