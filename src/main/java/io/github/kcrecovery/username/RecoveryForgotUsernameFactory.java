package io.github.kcrecovery.username;

import io.github.kcrecovery.flow.RecoveryStepFactory;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

public class RecoveryForgotUsernameFactory extends RecoveryStepFactory {

    public static final String PROVIDER_ID = "recovery-forgot-username";

    public RecoveryForgotUsernameFactory() {
        super(PROVIDER_ID, new RecoveryForgotUsername());
    }

    @Override
    public String getDisplayType() {
        return "Recovery - forgot login (email/phone + birth date)";
    }

    @Override
    public String getHelpText() {
        return "Sends the login of every account whose confirmed email or phone and birth date match to that account's "
                + "confirmed email (or by SMS to its confirmed phone). For kcrecovery.option=both the email also holds "
                + "a password-reset link. Always shows the same page; never resets a password itself.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return UsernameSettings.properties();
    }
}
