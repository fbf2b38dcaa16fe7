package io.github.kcrecovery.settings;

import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;

import java.time.Duration;
import java.util.Map;

/**
 * Realm-level options of the extension, one record per realm on the console page {@value #PAGE_ID}.
 *
 * @param publicOrganizations the contacts page may list organizations that have contacts, for a visitor to pick
 * @param publicGroups        the same for groups (e.g. school classes)
 * @param adminLinkLifespan   life of the link in an SMS an admin sends
 * @param emailLinkLifespan   life of the reset link a person asks for by email
 */
public record RecoverySettings(boolean publicOrganizations, boolean publicGroups, Duration adminLinkLifespan,
                               Duration emailLinkLifespan) {

    public static final String PAGE_ID = "recovery-settings";
    public static final String PUBLIC_ORGANIZATIONS = "public-organizations";
    public static final String PUBLIC_GROUPS = "public-groups";
    public static final String ADMIN_LINK_LIFESPAN = "admin-sms-link-lifespan-seconds";
    public static final String EMAIL_LINK_LIFESPAN = "email-link-lifespan-minutes";
    /** The name of the one record, which the console's list shows as the link to the form (its first column). */
    public static final String ENTRY = "settings";
    public static final String ENTRY_NAME = "Recovery settings";

    public static final java.util.Set<String> FIELDS = java.util.Set.of(ENTRY, PUBLIC_ORGANIZATIONS, PUBLIC_GROUPS,
            ADMIN_LINK_LIFESPAN, EMAIL_LINK_LIFESPAN);

    /** NIST SP 800-63B-4 4.2: a recovery link sent to a phone lives at most 10 minutes; also the default. */
    public static final int MAX_LINK_LIFESPAN_SECONDS = 600;
    static final int MIN_LINK_LIFESPAN_SECONDS = 5;
    /**
     * An hour: long enough to switch to the mailbox and back, which Keycloak's 5 minutes for user-started links is
     * not; at most 24 hours, NIST SP 800-63's bound for a code sent to an email address of record.
     */
    public static final int DEFAULT_EMAIL_LINK_MINUTES = 60;
    static final int MIN_EMAIL_LINK_MINUTES = 5;
    static final int MAX_EMAIL_LINK_MINUTES = 1440;

    public static RecoverySettings of(RealmModel realm) {
        return parse(PageComponents.singleConfig(realm, PAGE_ID));
    }

    /** @throws ComponentValidationException naming the option that is wrong */
    static RecoverySettings parse(Map<String, String> values) {
        int adminSeconds = number(values, ADMIN_LINK_LIFESPAN, MAX_LINK_LIFESPAN_SECONDS, MIN_LINK_LIFESPAN_SECONDS,
                MAX_LINK_LIFESPAN_SECONDS, "seconds");
        int emailMinutes = number(values, EMAIL_LINK_LIFESPAN, DEFAULT_EMAIL_LINK_MINUTES, MIN_EMAIL_LINK_MINUTES,
                MAX_EMAIL_LINK_MINUTES, "minutes");
        return new RecoverySettings(Boolean.parseBoolean(values.get(PUBLIC_ORGANIZATIONS)),
                Boolean.parseBoolean(values.get(PUBLIC_GROUPS)), Duration.ofSeconds(adminSeconds),
                Duration.ofMinutes(emailMinutes));
    }

    private static int number(Map<String, String> values, String key, int fallback, int min, int max, String unit) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        int number;
        try {
            number = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ComponentValidationException(key + " must be a number of " + unit);
        }
        if (number < min || number > max) {
            throw new ComponentValidationException(key + " must be between " + min + " and " + max);
        }
        return number;
    }
}
