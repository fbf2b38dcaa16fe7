package io.github.kcrecovery.username;

import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.mail.MailAfterResponse;
import io.github.kcrecovery.mail.ResetLink;
import io.github.kcrecovery.sms.SmsLimits;
import io.github.kcrecovery.sms.SmsOutbox;
import io.github.kcrecovery.sms.SmsTexts;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Delivers login reminders AFTER the response: the request only decides and counts; emails are rendered and sent
 * by {@link MailAfterResponse}, SMS go through the one SMS path ({@link SmsOutbox}), which also sends after the
 * response. So neither a slow SMTP server nor a slow SMS gateway shows in the response time, which would tell real
 * accounts from unknown ones. A message that
 * cannot be delivered is an error event ({@code reason} smtp or gateway), as the administrator's only signal.
 */
final class UsernameReminders {

    /**
     * One email to one account; {@code event} is the request's event for this account, recorded as an error if the
     * message cannot be delivered.
     */
    record Reminder(String userId, String locale, String signInLink, ResetLink resetLink, RecoveryEvents.Deferred event) {

        /** @param resetLink Keycloak's reset link for "both", else null */
        static Reminder email(UserModel user, Locale locale, String signInLink, ResetLink resetLink, EventBuilder event) {
            return new Reminder(user.getId(), locale.toLanguageTag(), signInLink, resetLink, RecoveryEvents.Deferred.of(event));
        }
    }

    static final String MAIL_TEMPLATE = "recovery-username.ftl";

    private UsernameReminders() {
    }

    static void sendAfterResponse(KeycloakSession session, RealmModel realm, List<Reminder> reminders) {
        for (Reminder reminder : reminders) {
            MailAfterResponse.send(session, realm, reminder.userId(), Locale.forLanguageTag(reminder.locale()), "login reminder",
                    reminder.event(), (templates, mailRealm, mailUser) -> email(templates, mailRealm, mailUser, reminder));
        }
    }

    /**
     * The login by SMS, through the one SMS path (limits, event, sent after the response), in the language of the
     * page; {@code event} gets the outcome.
     */
    static void sms(KeycloakSession session, RealmModel realm, UserModel user, Locale locale, String e164, SmsLimits limits,
                    EventBuilder event) {
        SmsOutbox.sendAfterResponse(session, realm, SmsOutbox.Message.fromClient(session, SmsOutbox.Kind.LOGIN_REMINDER,
                e164, user.getId(), locale, "recoveryUsernameSmsText", "{0}: {1}", SmsTexts.realmName(realm),
                user.getUsername()), limits, event);
    }

    private static void email(EmailTemplateProvider templates, RealmModel realm, UserModel user, Reminder reminder)
            throws EmailException {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("username", user.getUsername());
        attributes.put("signInLink", reminder.signInLink());
        if (reminder.resetLink() != null) {
            attributes.put("resetLink", reminder.resetLink().url());
            attributes.put("resetLinkMinutes", reminder.resetLink().minutes());
        }
        templates.send("recoveryUsernameMailSubject", List.of(SmsTexts.realmName(realm)), MAIL_TEMPLATE, attributes);
    }
}
