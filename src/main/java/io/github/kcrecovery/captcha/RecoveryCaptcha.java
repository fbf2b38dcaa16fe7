package io.github.kcrecovery.captcha;

import io.github.kcrecovery.flow.RecoveryStep;
import org.keycloak.authentication.AuthenticationFlowContext;

/**
 * The captcha execution as a step: it shows nothing and always passes. Its presence (enabled, in the sub-flow of a
 * form) and its config are what count: the form steps render and check the captcha on their own page through
 * {@link Captcha#forForm}.
 */
final class RecoveryCaptcha implements RecoveryStep {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }
}
