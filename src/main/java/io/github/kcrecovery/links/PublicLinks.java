package io.github.kcrecovery.links;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.net.URI;

/** Where the public "contact your administrator" page of a realm lives; every recovery page links to it. */
public final class PublicLinks {

    public static final String PATH = "recovery/contacts";

    private PublicLinks() {
    }

    public static URI url(KeycloakSession session, RealmModel realm) {
        return session.getContext().getUri().getBaseUriBuilder()
                .path("realms").path(realm.getName()).path(PATH).build();
    }
}
