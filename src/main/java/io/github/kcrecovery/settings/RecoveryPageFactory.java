package io.github.kcrecovery.settings;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * An admin-console page of this extension (declarative-ui). Its rows are {@link PageComponents}. Listed in
 * {@code META-INF/services/org.keycloak.services.ui.extend.UiPageProviderFactory}: Keycloak 26.7's ui-page SPI is
 * loaded whether or not the feature is on (the feature only shows the pages in the console), so the rows are stored
 * and imported either way. A second SPI of the same provider type made the console list every page twice.
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
