package io.github.kcrecovery.flow;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * What every step of the recovery flows shares as an {@link AuthenticatorFactory}: one stateless step (its page, a
 * {@link RecoveryStep}) under one provider id, configurable through its execution's config, REQUIRED in its subflow
 * (the flow's conditions decide whether it runs), nothing for the user to set up, and no credential type unless it
 * checks a code. A subclass adds the step's console name, help text and settings.
 */
public abstract class RecoveryStepFactory implements AuthenticatorFactory {

    private static final AuthenticationExecutionModel.Requirement[] REQUIRED_ONLY = {AuthenticationExecutionModel.Requirement.REQUIRED};

    private final String id;
    private final RecoveryStep step;

    protected RecoveryStepFactory(String id, RecoveryStep step) {
        this.id = id;
        this.step = step;
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final Authenticator create(KeycloakSession session) {
        return step;
    }

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
