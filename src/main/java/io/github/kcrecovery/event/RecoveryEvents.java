package io.github.kcrecovery.event;

import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.HashMap;
import java.util.Map;

/**
 * The one event helper. Keycloak's {@link EventType} is a closed enum with no "forgot username" or
 * "SMS sent", so every recovery step is an existing type plus a {@value #STEP} detail that names the step.
 * Details never carry codes, tokens, birth dates or full phone numbers.
 */
public final class RecoveryEvents {

    public static final String STEP = "recovery_step";
    public static final String METHOD = "recovery_method";
    public static final String MASKED_PHONE = "masked_phone";
    public static final String REASON = "reason";
    /** What an SMS carried (recovery_code, login_reminder, verify_code, notice, admin_link, test). */
    public static final String SMS_KIND = "sms_kind";
    /** The error of an SMS that a limit refused; {@value #REASON} names the limit. */
    public static final String ERROR_SMS_REFUSED = "not_allowed";
    /** The error of an SMS the gateway did not take; {@value #REASON} is {@code gateway}. */
    public static final String ERROR_SMS_FAILED = "sms_send_failed";

    public static final String METHOD_SMS = "sms";
    public static final String METHOD_EMAIL = "email";

    private RecoveryEvents() {
    }

    /** A fresh event of {@code type} for {@code step}, leaving {@code base} untouched for the flow's own event. */
    public static EventBuilder step(EventBuilder base, EventType type, String step) {
        return base.clone().event(type).detail(STEP, step);
    }

    /**
     * A request's event as it stands (type, IP, client, user, details), kept to record a failure that only happens
     * after the response, in a pool thread's session that has no request of its own.
     */
    public record Deferred(EventType type, String ip, String clientId, String userId, Map<String, String> details) {

        public static Deferred of(EventBuilder request) {
            Event e = request.getEvent();
            return new Deferred(e.getType(), e.getIpAddress(), e.getClientId(), e.getUserId(),
                    e.getDetails() == null ? Map.of() : new HashMap<>(e.getDetails()));
        }

        /** Records the {@code _ERROR} variant of the type, with the details plus {@value #REASON}. */
        public void error(KeycloakSession session, RealmModel realm, String reason, String error) {
            // no ClientConnection in a pool thread's session: the request's IP is set instead
            EventBuilder event = new EventBuilder(realm, session).event(type).ipAddress(ip).client(clientId).user(userId);
            details.forEach(event::detail);
            event.detail(REASON, reason).error(error);
        }
    }
}
