package io.github.kcrecovery.links;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.net.URI;

/**
 * The extension's public addresses under {@code /realms/{realm}/}{@value #ROOT}: the "contact your administrator"
 * page, which every recovery page links to, and the short links of admin-sent SMS. The REST root that serves them
 * ({@code rest/RecoveryPublicResource}) mounts itself at {@link #ROOT}.
 */
public final class PublicLinks {

    public static final String ROOT = "recovery";
    public static final String CONTACTS = "contacts";
    public static final String SHORT_LINK = "l";

    private PublicLinks() {
    }

    public static URI contacts(KeycloakSession session, RealmModel realm) {
        return url(session, realm, CONTACTS);
    }

    public static URI shortLink(KeycloakSession session, RealmModel realm, String key) {
        return url(session, realm, SHORT_LINK, key);
    }

    private static URI url(KeycloakSession session, RealmModel realm, String... path) {
        var builder = session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName()).path(ROOT);
        for (String segment : path) {
            builder.path(segment);
        }
        return builder.build();
    }
}
