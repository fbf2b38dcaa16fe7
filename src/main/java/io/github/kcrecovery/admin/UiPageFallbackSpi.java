package io.github.kcrecovery.admin;

import org.keycloak.common.Profile;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * Keeps the extension's settings storable when the experimental {@code declarative-ui} feature is off.
 * <p>
 * Keycloak refuses to store or import a component whose provider type no enabled SPI declares, and its own
 * ui-page SPI is enabled only with that feature. Without it, the contacts and settings rows (and a realm file that
 * contains them) would be rejected. This SPI declares the same provider type, with only this extension's pages,
 * exactly when Keycloak's does not; the console shows no pages then, the REST endpoints and realm import work.
 */
public class UiPageFallbackSpi implements Spi {

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public String getName() {
        return "recovery-ui-page";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return UiPageProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RecoveryPageFactory.class;
    }

    @Override
    public boolean isEnabled() {
        return !Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI);
    }
}
