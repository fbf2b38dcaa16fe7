package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.flow.RecoveryStepFactory;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/** Registers the step {@link RecoveryPhoneDigits} (its id, its console name and settings). */
public class RecoveryPhoneDigitsFactory extends RecoveryStepFactory {

    public static final String PROVIDER_ID = "recovery-phone-digits";

    public RecoveryPhoneDigitsFactory() {
        super(PROVIDER_ID, new RecoveryPhoneDigits());
    }

    @Override
    public String getDisplayType() {
        return "Recovery - masked phone digits";
    }

    @Override
    public String getHelpText() {
        return "Shows the confirmed phone with the last digits visible and asks for the hidden ones. Unknown accounts see a decoy.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PhoneRecoverySettings.digitsProperties();
    }
}
