package io.github.kcrecovery.captcha;

import io.github.kcrecovery.flow.RecoveryStepFactory;
import org.keycloak.Config;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/**
 * The admin's handle on the captcha: an execution placed in a recovery sub-flow, REQUIRED (on) or DISABLED
 * (off), whose config picks the kind of captcha. A captcha must sit on the same page as the fields it protects,
 * so the execution itself ({@link RecoveryCaptcha}) shows nothing; the form steps of its sub-flow render and check
 * it through {@link Captcha}.
 */
public class RecoveryCaptchaFactory extends RecoveryStepFactory {

    public static final String PROVIDER_ID = "recovery-captcha";

    public RecoveryCaptchaFactory() {
        super(PROVIDER_ID, new RecoveryCaptcha());
    }

    private SiteVerify siteVerify;

    SiteVerify siteVerify() {
        return siteVerify;
    }

    @Override
    public String getDisplayType() {
        return "Recovery - captcha";
    }

    @Override
    public String getHelpText() {
        return "Puts a captcha on the recovery forms of this sub-flow (forgot login, recovery identifier). "
                + "Disable the execution to switch it off; the config chooses an invisible proof-of-work (default), "
                + "a picture of digits or a site-verify captcha.";
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[]{
                AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CaptchaSettings.properties();
    }

    @Override
    public void init(Config.Scope config) {
        siteVerify = new SiteVerify(SiteVerify.newClient());
    }
}
