package io.github.kcrecovery.phonerecovery;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Add {@value #ID} to the realm's event listeners (the demo realm has it). */
public class PhoneRecoveryEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "recovery-phone-changes";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new PhoneRecoveryEventListener(session);
    }

    @Override
    public String getId() {
        return ID;
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
}
