package io.github.kcrecovery.flow;

import org.keycloak.Config;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * What every step of the recovery flows shares as an {@link AuthenticatorFactory}: configurable through its
 * execution's config, REQUIRED in its subflow (the flow's conditions decide whether it runs), nothing for the user
 * to set up, and no credential type unless it checks a code.
 */
public abstract class RecoveryStepFactory implements AuthenticatorFactory {

    private static final AuthenticationExecutionModel.Requirement[] REQUIRED_ONLY = {AuthenticationExecutionModel.Requirement.REQUIRED};

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIRED_ONLY.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
