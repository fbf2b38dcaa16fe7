package io.github.kcrecovery.identify;

import io.github.kcrecovery.flow.RecoveryStepFactory;
import io.github.kcrecovery.phone.PhoneNumbers;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/** Registers the step {@link RecoveryChooseUser} (its id, its console name and settings). */
public class RecoveryChooseUserFactory extends RecoveryStepFactory {

    public static final String PROVIDER_ID = "recovery-choose-user";

    public RecoveryChooseUserFactory() {
        super(PROVIDER_ID, new RecoveryChooseUser());
    }

    @Override
    public String getDisplayType() {
        return "Recovery - choose user (username, email or phone)";
    }

    @Override
    public String getHelpText() {
        return "Asks for a username, email or phone number and whether to reset by email or SMS. Never tells whether the account exists.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PhoneNumbers.regionProperties();
    }
}
