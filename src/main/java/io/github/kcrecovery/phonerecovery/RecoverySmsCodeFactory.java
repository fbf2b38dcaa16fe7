package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.flow.RecoveryStepFactory;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/** Registers the step {@link RecoverySmsCode} (its id, its console name and settings). */
public class RecoverySmsCodeFactory extends RecoveryStepFactory {

    public static final String PROVIDER_ID = "recovery-sms-code";

    public RecoverySmsCodeFactory() {
        super(PROVIDER_ID, new RecoverySmsCode());
    }

    @Override
    public String getDisplayType() {
        return "Recovery - SMS code";
    }

    @Override
    public String getHelpText() {
        return "Sends a one-time code to the account's confirmed phone and checks it. Limits and code rules are set here.";
    }

    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PhoneRecoverySettings.codeProperties();
    }
}
