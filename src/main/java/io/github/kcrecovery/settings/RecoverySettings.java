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
 */
public record RecoverySettings(boolean publicOrganizations, boolean publicGroups, Duration adminLinkLifespan) {

    public static final String PAGE_ID = "recovery-settings";
    public static final String PUBLIC_ORGANIZATIONS = "public-organizations";
    public static final String PUBLIC_GROUPS = "public-groups";
    public static final String ADMIN_LINK_LIFESPAN = "admin-sms-link-lifespan-seconds";

    public static final java.util.Set<String> FIELDS = java.util.Set.of(PUBLIC_ORGANIZATIONS, PUBLIC_GROUPS, ADMIN_LINK_LIFESPAN);

    /** NIST SP 800-63B-4 4.2: an admin-started recovery link lives at most 10 minutes; also the default. */
    public static final int MAX_LINK_LIFESPAN_SECONDS = 600;
    static final int MIN_LINK_LIFESPAN_SECONDS = 5;

    public static RecoverySettings of(RealmModel realm) {
        return parse(PageComponents.singleConfig(realm, PAGE_ID));
    }

    /** @throws ComponentValidationException naming the option that is wrong */
    static RecoverySettings parse(Map<String, String> values) {
        String lifespan = values.get(ADMIN_LINK_LIFESPAN);
        int seconds = MAX_LINK_LIFESPAN_SECONDS;
        if (lifespan != null) {
            try {
                seconds = Integer.parseInt(lifespan.strip());
            } catch (NumberFormatException e) {
                throw new ComponentValidationException(ADMIN_LINK_LIFESPAN + " must be a number of seconds");
            }
            if (seconds < MIN_LINK_LIFESPAN_SECONDS || seconds > MAX_LINK_LIFESPAN_SECONDS) {
                throw new ComponentValidationException(ADMIN_LINK_LIFESPAN + " must be between "
                        + MIN_LINK_LIFESPAN_SECONDS + " and " + MAX_LINK_LIFESPAN_SECONDS);
            }
        }
        return new RecoverySettings(Boolean.parseBoolean(values.get(PUBLIC_ORGANIZATIONS)),
                Boolean.parseBoolean(values.get(PUBLIC_GROUPS)), Duration.ofSeconds(seconds));
    }
}
