package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.code.OneTimeCodes;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.sms.SmsOutbox;
import io.github.kcrecovery.sms.SmsTexts;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;


/**
 * Issues a code and sends it by SMS, applying every limit: resend cooldown and sends per recovery (kept in the
 * auth session), and the cluster-wide limits per client IP, per destination number, per realm, plus the
 * country allow-list. A send that is not allowed, or a decoy (no real number), still issues a code that is
 * never sent and uses up the same cooldown, so the pages that follow look the same either way.
 */
final class SmsCodeSender {

    /**
     * SENT and SUPPRESSED look alike to the person (a decoy is always suppressed); COOLDOWN and RECOVERY_LIMIT depend
     * only on what happened in this recovery, real or decoy, so a page may tell them.
     */
    enum Outcome { SENT, SUPPRESSED, COOLDOWN, RECOVERY_LIMIT }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OneTimeCodes.Notes notes;
    private final OneTimeCodes codes;
    private final PhoneRecoverySettings settings;
    private final String purpose;

    SmsCodeSender(KeycloakSession session, RealmModel realm, OneTimeCodes.Notes notes, PhoneRecoverySettings settings, String purpose) {
        this.session = session;
        this.realm = realm;
        this.notes = notes;
        this.codes = new OneTimeCodes(notes, purpose);
        this.settings = settings;
        this.purpose = purpose;
    }

    OneTimeCodes codes() {
        return codes;
    }

    /** Seconds until the next send may happen in this recovery (0 = now). */
    long cooldownLeft() {
        String next = notes.get(purpose + ".nextSendAt");
        return next == null ? 0 : Math.max(0, Long.parseLong(next) - Time.currentTime());
    }

    /**
     * @param e164 where the code goes, or null when nothing may be sent (decoy, digit mismatch)
     * @param event an event already typed and named for this step; gets the outcome
     */
    Outcome send(String e164, UserModel user, String textKey, EventBuilder event) {
        if (cooldownLeft() > 0) {
            event.detail(RecoveryEvents.REASON, "cooldown").error(Errors.NOT_ALLOWED);
            return Outcome.COOLDOWN;
        }
        int sends = intNote(purpose + ".sends");
        if (sends >= settings.maxSendsPerRecovery() || codes.failures() >= settings.maxWrongCodes()) {
            event.detail(RecoveryEvents.REASON, "recovery_limit").error(Errors.NOT_ALLOWED);
            return Outcome.RECOVERY_LIMIT;
        }
        notes.set(purpose + ".sends", Integer.toString(sends + 1));
        notes.set(purpose + ".nextSendAt", Long.toString(Time.currentTime() + settings.resendCooldown().toSeconds()));
        String code = codes.issue(settings.codeLength(), settings.codeLife());
        // the gateway is called after the response, so that neither its delay nor its failure shows on the page
        // (a decoy sends nothing: rendered and counted all the same)
        SmsOutbox.Message message = SmsOutbox.Message.fromClient(session, SmsOutbox.Kind.RECOVERY_CODE, e164,
                user == null ? null : user.getId(), session.getContext().resolveLocale(user), textKey, "{0}",
                code, settings.codeLife().toSeconds(), SmsTexts.realmName(realm));
        if (SmsOutbox.sendAfterResponse(session, realm, message, settings.smsLimits(), event).isPresent()) {
            return Outcome.SUPPRESSED;
        }
        return Outcome.SENT;
    }

    private int intNote(String name) {
        String value = notes.get(name);
        return value == null ? 0 : Integer.parseInt(value);
    }

    static EventBuilder event(EventBuilder base, String step, String shownMasked) {
        return RecoveryEvents.step(base, EventType.SEND_RESET_PASSWORD, step)
                .detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_SMS)
                .detail(RecoveryEvents.MASKED_PHONE, shownMasked);
    }
}
