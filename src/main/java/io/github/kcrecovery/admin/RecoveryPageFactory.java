package io.github.kcrecovery.admin;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * An admin-console page of this extension (declarative-ui). Its rows are {@link PageComponents}. Listed both in
 * {@code META-INF/services/org.keycloak.services.ui.extend.UiPageProviderFactory} (Keycloak's ui-page SPI, when
 * the feature is on) and under this interface's own name (for {@link UiPageFallbackSpi}, when it is off).
 */
public interface RecoveryPageFactory extends UiPageProviderFactory<ComponentModel> {

    @Override
    default void init(Config.Scope config) {
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    default void close() {
    }
}
