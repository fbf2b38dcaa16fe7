package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.phone.ConfirmedPhone;
import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.sms.SmsLimits;
import io.github.kcrecovery.sms.SmsOutbox;
import io.github.kcrecovery.sms.SmsTexts;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Notices of a change to an account's credentials or contacts, sent to EVERY confirmed channel (verified email,
 * confirmed phone), so that whoever took over one channel cannot hide the change from the owner. They carry no code,
 * link or full number. SMS go through the one SMS path with the realm's limits; a notice counts against no client or
 * account (nobody asked for it, so nobody can spend it away), but against the number and the realm budget.
 */
final class ChangeNotices {

    static final String PASSWORD_STEP = "password_changed_notice";
    static final String PHONE_STEP = "phone_changed_notice";
    private static final Logger LOG = Logger.getLogger(ChangeNotices.class);

    private ChangeNotices() {
    }

    /** The password was changed: to the verified email and the confirmed phone. */
    static void passwordChanged(KeycloakSession session, RealmModel realm, UserModel user) {
        email(session, realm, user, PASSWORD_STEP, "recoveryPhonePasswordChangedSubject", "recovery-password-changed.ftl", Map.of());
        ConfirmedPhone.of(user).ifPresent(phone -> sms(session, realm, user, phone, PASSWORD_STEP,
                "recoveryPhonePasswordChangedSms", "{0}: the password of {1} was changed."));
    }

    /** The confirmed phone changed from {@code oldE164}: to the OLD number and the verified email. */
    static void phoneChanged(KeycloakSession session, RealmModel realm, UserModel user, String oldE164) {
        String current = Optional.ofNullable(user.getFirstAttribute(ConfirmedPhone.PHONE))
                .filter(p -> PhoneNumbers.regionOf(p).isPresent()).map(PhoneNumbers::mask).orElse("");
        email(session, realm, user, PHONE_STEP, "recoveryPhoneChangedSubject", "recovery-phone-changed.ftl", Map.of("maskedPhone", current));
        sms(session, realm, user, oldE164, PHONE_STEP, "recoveryPhoneChangedSms", "{0}: the phone number of {1} was changed.");
    }

    private static void email(KeycloakSession session, RealmModel realm, UserModel user, String step, String subjectKey, String template,
                              Map<String, Object> attributes) {
        if (user.getEmail() == null || !user.isEmailVerified()) {
            return;
        }
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(subjectKey, List.of(), template, new HashMap<>(attributes));
        } catch (EmailException e) {
            LOG.warnf("change notice email to user %s not sent: %s", user.getId(), e.getMessage());
            event(session, realm, user, step).detail(RecoveryEvents.REASON, "smtp").error("email_send_failed");
        }
    }

    private static void sms(KeycloakSession session, RealmModel realm, UserModel user, String e164, String step,
                            String textKey, String fallback) {
        SmsOutbox.Message message = new SmsOutbox.Message(SmsOutbox.Kind.NOTICE, e164, null, null,
                session.getContext().resolveLocale(user), textKey, fallback, SmsTexts.realmName(realm), user.getUsername());
        SmsOutbox.sendAfterResponse(session, realm, message, SmsLimits.ofRealm(realm), event(session, realm, user, step));
    }

    private static EventBuilder event(KeycloakSession session, RealmModel realm, UserModel user, String step) {
        return RecoveryEvents.step(new EventBuilder(realm, session), EventType.SEND_RESET_PASSWORD, step).user(user);
    }
}
