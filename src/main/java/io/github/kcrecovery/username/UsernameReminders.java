package io.github.kcrecovery.username;

import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.mail.MailAfterResponse;
import io.github.kcrecovery.sms.SmsAfterResponse;
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
 * by {@link MailAfterResponse}, SMS texts are rendered in the request and go through {@link SmsAfterResponse}. So
 * neither a slow SMTP server nor a slow SMS gateway shows in the response time, which would tell real accounts from unknown ones. A message that
 * cannot be delivered is an error event ({@code reason} smtp or gateway), as the administrator's only signal.
 */
final class UsernameReminders {

    /**
     * One message to one account. {@code phone} is set for SMS, the links for email; {@code event} is the request's
     * event for this account, recorded as an error if the message cannot be delivered.
     */
    record Reminder(String userId, String locale, String phone, String signInLink, String resetLink, long resetLinkMinutes,
                    RecoveryEvents.Deferred event) {

        static Reminder email(UserModel user, Locale locale, String signInLink, String resetLink, long resetLinkMinutes,
                              EventBuilder event) {
            return new Reminder(user.getId(), locale.toLanguageTag(), null, signInLink, resetLink, resetLinkMinutes,
                    RecoveryEvents.Deferred.of(event));
        }

        static Reminder sms(UserModel user, Locale locale, String e164, EventBuilder event) {
            return new Reminder(user.getId(), locale.toLanguageTag(), e164, null, null, 0, RecoveryEvents.Deferred.of(event));
        }
    }

    static final String MAIL_TEMPLATE = "recovery-username.ftl";

    private UsernameReminders() {
    }

    static void sendAfterResponse(KeycloakSession session, RealmModel realm, List<Reminder> reminders) {
        for (Reminder reminder : reminders) {
            if (reminder.phone() == null) {
                MailAfterResponse.send(session, realm, reminder.userId(), Locale.forLanguageTag(reminder.locale()), "login reminder",
                        reminder.event(), (templates, mailRealm, mailUser) -> email(templates, mailRealm, mailUser, reminder));
            } else {
                sms(session, realm, reminder);
            }
        }
    }

    /** Rendered in the request, in the language of the page; sent after the response. */
    private static void sms(KeycloakSession session, RealmModel realm, Reminder reminder) {
        UserModel user = session.users().getUserById(realm, reminder.userId());
        String text = SmsTexts.render(session, realm, Locale.forLanguageTag(reminder.locale()), "recovery.username.smsText",
                "{0}: {1}", SmsTexts.realmName(realm), user.getUsername());
        SmsAfterResponse.send(session, realm, reminder.phone(), text, reminder.event());
    }

    private static void email(EmailTemplateProvider templates, RealmModel realm, UserModel user, Reminder reminder)
            throws EmailException {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("username", user.getUsername());
        attributes.put("signInLink", reminder.signInLink());
        if (reminder.resetLink() != null) {
            attributes.put("resetLink", reminder.resetLink());
            attributes.put("resetLinkMinutes", reminder.resetLinkMinutes());
        }
        templates.send("recovery.username.mailSubject", List.of(SmsTexts.realmName(realm)), MAIL_TEMPLATE, attributes);
    }
}
