package io.github.kcrecovery.chooser;

import io.github.kcrecovery.flow.RecoveryStepFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

public class RecoveryChooserFactory extends RecoveryStepFactory {

    public static final String PROVIDER_ID = "recovery-chooser";

    public RecoveryChooserFactory() {
        super(PROVIDER_ID, new RecoveryChooser());
    }

    @Override
    public String getDisplayType() {
        return "Recovery - chooser (password, login or both)";
    }

    @Override
    public String getHelpText() {
        return "First step of the recovery flow: asks whether the password, the login or both were forgotten and stores "
                + "the answer in the auth note kcrecovery.option (password, username, both) for the conditional sub-flows.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(RecoveryChooser.ENABLED).label("Show the chooser")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
                .helpText("Off: no page, every recovery is a password recovery (option 'password').").add()
                .build();
    }
}
