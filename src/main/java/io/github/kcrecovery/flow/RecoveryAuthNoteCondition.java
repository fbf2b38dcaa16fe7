package io.github.kcrecovery.flow;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Arrays;
import java.util.Map;

/**
 * True when an auth note of the current authentication session has one of the configured values. Lets a
 * step earlier in the flow (a chooser) decide which CONDITIONAL sub-flow runs; Keycloak has no such condition.
 */
public final class RecoveryAuthNoteCondition implements ConditionalAuthenticator {

    static final RecoveryAuthNoteCondition SINGLETON = new RecoveryAuthNoteCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        Map<String, String> values = config == null ? Map.of() : config.getConfig();
        String noteName = values.get(RecoveryAuthNoteConditionFactory.NOTE_NAME);
        String accepted = values.get(RecoveryAuthNoteConditionFactory.ACCEPTED_VALUES);
        if (noteName == null || noteName.isBlank() || accepted == null) {
            return false;
        }
        String actual = context.getAuthenticationSession().getAuthNote(noteName.trim());
        return actual != null && Arrays.stream(accepted.split(",")).map(String::trim).anyMatch(actual::equals);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // a condition has no form
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
