package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.flow.RecoveryStepFactory;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/** Registers the step {@link RecoveryChooseAccount} (its id, its console name and settings). */
public class RecoveryChooseAccountFactory extends RecoveryStepFactory {

    public static final String PROVIDER_ID = "recovery-choose-account";

    public RecoveryChooseAccountFactory() {
        super(PROVIDER_ID, new RecoveryChooseAccount());
    }

    @Override
    public String getDisplayType() {
        return "Recovery - choose the account (number on several accounts)";
    }

    @Override
    public String getHelpText() {
        return "After the right SMS code for a number confirmed on several accounts, asks which one to reset. Put it right after the SMS-code step.";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
