package io.github.kcrecovery.sms;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;

public interface SmsSenderProviderFactory extends ProviderFactory<SmsSenderProvider> {

    /** Senders need nothing from other providers at startup. */
    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    /** Senders hold nothing that must be released at shutdown. */
    @Override
    default void close() {
    }
}
