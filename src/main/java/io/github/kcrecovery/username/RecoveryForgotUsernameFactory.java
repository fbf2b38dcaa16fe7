package io.github.kcrecovery.username;

import io.github.kcrecovery.flow.RecoveryStepFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

public class RecoveryForgotUsernameFactory extends RecoveryStepFactory {

    public static final String PROVIDER_ID = "recovery-forgot-username";
    private static final RecoveryForgotUsername SINGLETON = new RecoveryForgotUsername();

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
