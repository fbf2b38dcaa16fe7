package io.github.kcrecovery.flow;

import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

public class RecoveryAuthNoteConditionFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "recovery-auth-note-condition";
    public static final String NOTE_NAME = "note_name";
    public static final String ACCEPTED_VALUES = "accepted_values";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENT_CHOICES = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED
    };

    @Override
    public ConditionalAuthenticator getSingleton() {
        return RecoveryAuthNoteCondition.SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - auth note (recovery)";
    }

    @Override
    public String getHelpText() {
        return "Matches when an authentication-session note has one of the accepted values.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(NOTE_NAME).label("Note name").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Name of the authentication-session note, e.g. kcrecovery.method").add()
                .property().name(ACCEPTED_VALUES).label("Accepted values").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated values that make the condition true").add()
                .build();
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
