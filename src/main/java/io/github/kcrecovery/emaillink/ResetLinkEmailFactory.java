package io.github.kcrecovery.emaillink;

import io.github.kcrecovery.flow.RecoveryStepFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

public class ResetLinkEmailFactory extends RecoveryStepFactory {

    public static final String PROVIDER_ID = "recovery-reset-link-email";
    private static final ResetLinkEmail SINGLETON = new ResetLinkEmail();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Recovery - reset link by email (sent after the answer)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's 'Send Reset Email' with the same link and message, but the email leaves after the answer, "
                + "so the response time does not tell real accounts from unknown ones. The link lives as long as the "
                + "Recovery settings say (60 minutes by default).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(ResetLinkEmail.FORCE_LOGIN).label("Force login after reset")
                .type(ProviderConfigProperty.LIST_TYPE).options(ResetLinkEmail.ONLY_FEDERATED, "true", "false")
                .defaultValue(ResetLinkEmail.ONLY_FEDERATED)
                .helpText("As in Keycloak's step: whether the person must sign in after setting the new password "
                        + "(only-federated: only accounts of a user federation).").add()
                .build();
    }
}
