package io.github.kcrecovery.chooser;

import io.github.kcrecovery.state.RecoveryOption;
import io.github.kcrecovery.links.PublicLinks;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.flow.RecoveryStep;
import io.github.kcrecovery.state.RecoveryState;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * First step of the recovery flow: "I forgot my password / my login / both". The answer goes into the auth
 * note {@value RecoveryOption#NOTE}; CONDITIONAL sub-flows further down pick their branch from it.
 */
final class RecoveryChooser implements RecoveryStep {

    static final String TEMPLATE = "recovery-chooser.ftl";
    static final String ENABLED = "chooserEnabled";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // every recovery passes here first (also a restarted one, and a replayed reset link)
        RecoveryState.of(authSession).keepChosenLanguage(context.getSession());
        if (authSession.getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID) != null) {
            // the emailed reset link replays the flow from the top: it is a password reset, no page
            choose(context, RecoveryOption.PASSWORD, "action_token");
        } else if (authSession.getAuthNote(AbstractIdpAuthenticator.EXISTING_USER_INFO) != null) {
            // first broker login re-authenticates a known account: only its password can be in question
            choose(context, RecoveryOption.PASSWORD, "broker_link");
        } else if (!enabled(context.getAuthenticatorConfig())) {
            choose(context, RecoveryOption.PASSWORD, "chooser_off");
        } else {
            context.challenge(page(context, null));
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        String value = context.getHttpRequest().getDecodedFormParameters().getFirst(RecoveryOption.FIELD);
        Optional<RecoveryOption> option = RecoveryOption.parse(value);
        if (option.isEmpty()) {
            context.challenge(page(context, "recoveryChooserErrorMissing"));
            return;
        }
        choose(context, option.get(), "chosen");
    }

    static boolean enabled(AuthenticatorConfigModel config) {
        return config == null || config.getConfig() == null
                || !"false".equalsIgnoreCase(config.getConfig().get(ENABLED));
    }

    private static void choose(AuthenticationFlowContext context, RecoveryOption option, String how) {
        context.getAuthenticationSession().setAuthNote(RecoveryOption.NOTE, option.value());
        RecoveryEvents.step(context.getEvent(), EventType.RESET_PASSWORD, "choose_option")
                .detail("recovery_option", option.value())
                .detail(RecoveryEvents.REASON, how)
                .success();
        context.success();
    }

    private static Response page(AuthenticationFlowContext context, String errorKey) {
        var form = context.form()
                .setAttribute("contactsUrl", PublicLinks.contacts(context.getSession(), context.getRealm()).toString());
        if (errorKey != null) {
            form.addError(new FormMessage(RecoveryOption.FIELD, errorKey));
        }
        return form.createForm(TEMPLATE);
    }
}
