package io.github.kcrecovery.rest;

import io.github.kcrecovery.links.PublicLinks;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts {@link RecoveryPublicResource} at {@code /realms/{realm}/recovery}. */
public class RecoveryPublicResourceFactory implements RealmResourceProviderFactory {

    public static final String ID = PublicLinks.ROOT;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RecoveryPublicResource(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
