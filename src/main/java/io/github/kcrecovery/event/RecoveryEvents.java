package io.github.kcrecovery.event;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;

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

    public static final String METHOD_SMS = "sms";
    public static final String METHOD_EMAIL = "email";

    private RecoveryEvents() {
    }

    /** A fresh event of {@code type} for {@code step}, leaving {@code base} untouched for the flow's own event. */
    public static EventBuilder step(EventBuilder base, EventType type, String step) {
        return base.clone().event(type).detail(STEP, step);
    }
}
