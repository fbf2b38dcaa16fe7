package io.github.kcrecovery.emaillink;

import io.github.kcrecovery.flow.RecoveryStepFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

public class RecoveryResetLinkEmailFactory extends RecoveryStepFactory {

    public static final String PROVIDER_ID = "recovery-reset-link-email";

    public RecoveryResetLinkEmailFactory() {
        super(PROVIDER_ID, new RecoveryResetLinkEmail());
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
                .property().name(RecoveryResetLinkEmail.FORCE_LOGIN).label("Force login after reset")
                .type(ProviderConfigProperty.LIST_TYPE).options(RecoveryResetLinkEmail.ONLY_FEDERATED, "true", "false")
                .defaultValue(RecoveryResetLinkEmail.ONLY_FEDERATED)
                .helpText("As in Keycloak's step: whether the person must sign in after setting the new password "
                        + "(only-federated: only accounts of a user federation).").add()
                .build();
    }
}
