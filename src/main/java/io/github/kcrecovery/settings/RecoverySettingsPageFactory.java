package io.github.kcrecovery.settings;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Map;

/** The console page of {@link RecoverySettings}. */
public class RecoverySettingsPageFactory implements RecoveryPageFactory {

    @Override
    public String getId() {
        return RecoverySettings.PAGE_ID;
    }

    @Override
    public String getHelpText() {
        return "Account recovery options of this realm, in one entry: click it to change them (Create item only "
                + "when the list is empty).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(RecoverySettings.PUBLIC_ORGANIZATIONS).label("List organizations publicly")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("The public contacts page lets visitors pick an organization that has contacts, and shows "
                        + "its contacts. Its name becomes visible to anyone.").add()
                .property().name(RecoverySettings.PUBLIC_GROUPS).label("List groups publicly")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("The same for groups (e.g. school classes) that have contacts.").add()
                .property().name(RecoverySettings.ADMIN_LINK_LIFESPAN).label("Admin SMS link lifespan (seconds)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(RecoverySettings.MAX_LINK_LIFESPAN_SECONDS)
                .helpText("How long the password link in an SMS sent by an admin works; at most 600.").add()
                .build();
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(RecoverySettings.PUBLIC_ORGANIZATIONS, RecoverySettings.PUBLIC_GROUPS,
                RecoverySettings.ADMIN_LINK_LIFESPAN));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        PageComponents.requireSingle(realm, getId(), model);
        RecoverySettings.parse(PageComponents.flat(model));
    }
}
