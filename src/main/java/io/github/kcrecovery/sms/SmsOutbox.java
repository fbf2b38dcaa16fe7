package io.github.kcrecovery.sms;

import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.throttle.ClientKeys;
import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Locale;
import java.util.Optional;

/**
 * The one way an SMS leaves the extension, whatever it carries. It renders the text ({@link SmsTexts}), applies the
 * country allow-list and every limit ({@link SmsBudget}: per client, per number, per account, per realm), hands the
 * text to the gateway, and records the outcome on the caller's event in one vocabulary: success with
 * {@value RecoveryEvents#SMS_KIND} and the masked number; a refusal as error {@value RecoveryEvents#ERROR_SMS_REFUSED}
 * with the limit as {@value RecoveryEvents#REASON}; a gateway failure as error {@value RecoveryEvents#ERROR_SMS_FAILED}
 * with reason {@code gateway}.
 */
public final class SmsOutbox {

    private static final Logger LOG = Logger.getLogger(SmsOutbox.class);

    /** What an SMS carries; named in events. */
    public enum Kind {
        RECOVERY_CODE, LOGIN_REMINDER, VERIFY_CODE, NOTICE, ADMIN_LINK, TEST;

        String eventName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One SMS.
     *
     * @param e164      the destination, or null for a decoy: rendered and counted against the client like a real
     *                  send, never sent
     * @param accountId the account it is about (counted per account), or null
     * @param clientIp  the address of the client that asked for it, or null for a message no visitor asked for
     * @param textKey   a login-theme message key, or null when {@code fallback} is the literal text (the test SMS)
     */
    public record Message(Kind kind, String e164, String accountId, String clientIp, Locale locale, String textKey,
                          String fallback, Object... args) {

        /** A message for the request's client (its address counts in the per-client limit). */
        public static Message fromClient(KeycloakSession session, Kind kind, String e164, String accountId, Locale locale,
                                         String textKey, String fallback, Object... args) {
            return new Message(kind, e164, accountId, ClientKeys.address(session.getContext().getConnection()), locale,
                    textKey, fallback, args);
        }
    }

    private SmsOutbox() {
    }

    /**
     * Sends after the response, so the page waits for neither the gateway nor its failure; the success event means
     * "queued", a gateway failure is a later error event.
     *
     * @return the limit that refused it, or empty when it was queued
     */
    public static Optional<String> sendAfterResponse(KeycloakSession session, RealmModel realm, Message message,
                                                     SmsLimits limits, EventBuilder event) {
        String text = render(session, realm, message);
        Optional<String> refused = take(session, realm, message, limits, event);
        if (refused.isEmpty()) {
            SmsAfterResponse.send(session, realm, message.e164(), text, RecoveryEvents.Deferred.of(event));
            event.success();
        }
        return refused;
    }

    /**
     * Sends now, for an admin who waits for the answer (admin link, test SMS).
     *
     * @return the limit that refused it, or empty when the gateway took it
     * @throws SmsSendException when the gateway did not take it (recorded as the error event)
     */
    public static Optional<String> sendNow(KeycloakSession session, RealmModel realm, Message message, SmsLimits limits,
                                           EventBuilder event) throws SmsSendException {
        String text = render(session, realm, message);
        Optional<String> refused = take(session, realm, message, limits, event);
        if (refused.isPresent()) {
            return refused;
        }
        try {
            SmsSenderProvider sender = session.getProvider(SmsSenderProvider.class);
            if (sender == null) {
                throw new SmsSendException("no sms-sender provider configured");
            }
            sender.send(message.e164(), text);
        } catch (SmsSendException e) {
            LOG.warnf("SMS (%s) to %s not sent: %s", message.kind().eventName(), PhoneNumbers.mask(message.e164()), e.getMessage());
            event.detail(RecoveryEvents.REASON, "gateway").error(RecoveryEvents.ERROR_SMS_FAILED);
            throw e;
        }
        event.success();
        return Optional.empty();
    }

    // rendered even when nothing will be sent (a decoy, a limit), like Keycloak's dummy password hash for unknown
    // users: rendering is the costliest part of a send, which would otherwise time real accounts apart from unknown ones
    private static String render(KeycloakSession session, RealmModel realm, Message message) {
        return message.textKey() == null ? message.fallback()
                : SmsTexts.render(session, realm, message.locale(), message.textKey(), message.fallback(), message.args());
    }

    private static Optional<String> take(KeycloakSession session, RealmModel realm, Message message, SmsLimits limits,
                                         EventBuilder event) {
        event.detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_SMS).detail(RecoveryEvents.SMS_KIND, message.kind().eventName());
        if (message.e164() != null) {
            event.detail(RecoveryEvents.MASKED_PHONE, PhoneNumbers.mask(message.e164()));
        }
        Optional<String> refused = SmsBudget.take(session, realm, message.clientIp(), message.e164(), message.accountId(), limits);
        refused.ifPresent(reason -> event.detail(RecoveryEvents.REASON, reason).error(RecoveryEvents.ERROR_SMS_REFUSED));
        return refused;
    }
}
