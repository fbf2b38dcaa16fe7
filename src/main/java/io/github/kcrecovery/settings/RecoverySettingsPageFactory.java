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
        return "Account recovery options of this realm. They are one entry: click \"" + RecoverySettings.ENTRY_NAME
                + "\" below to change them.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty entry = new ProviderConfigProperty(RecoverySettings.ENTRY, "Settings",
                "This realm has one entry of recovery settings: this one.", ProviderConfigProperty.STRING_TYPE,
                RecoverySettings.ENTRY_NAME);
        entry.setReadOnly(true);
        return ProviderConfigurationBuilder.create()
                .property(entry)
                .property().name(RecoverySettings.PUBLIC_ORGANIZATIONS).label("List organizations publicly")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("The public contacts page lets visitors pick an organization that has contacts, and shows "
                        + "its contacts. Its name becomes visible to anyone.").add()
                .property().name(RecoverySettings.PUBLIC_GROUPS).label("List groups publicly")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("The same for groups (e.g. school classes) that have contacts.").add()
                .property().name(RecoverySettings.EMAIL_LINK_LIFESPAN).label("Reset link by email, lifespan (minutes)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(RecoverySettings.DEFAULT_EMAIL_LINK_MINUTES)
                .helpText("How long the password link mailed to a person who asked for it works; the mail says it. "
                        + "5 to 1440 (24 hours).").add()
                .property().name(RecoverySettings.ADMIN_LINK_LIFESPAN).label("Reset link by SMS from an admin, lifespan (seconds)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(RecoverySettings.MAX_LINK_LIFESPAN_SECONDS)
                .helpText("How long the password link in an SMS sent by an admin works; the SMS says it. At most 600 "
                        + "(10 minutes, NIST SP 800-63B-4 for links sent to a phone).").add()
                .build();
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        // one column: the entry's name, the link to the form (the values would read "false", "true", "600")
        return Map.of("displayFields", List.of(RecoverySettings.ENTRY));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        PageComponents.requireSingle(realm, getId(), model);
        RecoverySettings.parse(PageComponents.flat(model));
        // every save names the entry, also a REST save or a console form that sent no value for the read-only field
        model.put(RecoverySettings.ENTRY, RecoverySettings.ENTRY_NAME);
    }
}
