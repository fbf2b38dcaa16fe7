package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.links.PublicLinks;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.flow.RecoveryStep;
import io.github.kcrecovery.state.RecoveryState;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * "Which account?": after the right SMS code for a number that several accounts confirmed (siblings sharing a
 * parent's phone), the person picks the account to reset. The names appear only here, after the code proved the
 * number; with one account the step shows nothing.
 */
final class RecoveryChooseAccount implements RecoveryStep {

    public static final String FIELD = "account";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (RecoveryState.restartIfEnteredAgain(context)) {
            return;
        }
        if (context.getUser() != null) {
            context.success();
            return;
        }
        if (!RecoveryState.of(context.getAuthenticationSession()).isCodeVerified()) {
            // nothing proven: this page must never list anyone
            context.failure(AuthenticationFlowError.INVALID_USER);
            return;
        }
        context.challenge(page(context, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        RecoveryState state = RecoveryState.of(context.getAuthenticationSession());
        String picked = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD);
        Optional<UserModel> account = state.isCodeVerified()
                ? accounts(context).stream().filter(u -> u.getUsername().equals(picked)).findFirst()
                : Optional.empty();
        if (account.isEmpty()) {
            context.challenge(page(context, "recoveryChooseAccountMissing"));
            return;
        }
        RecoveryEvents.step(context.getEvent(), EventType.RESET_PASSWORD, "choose_account")
                .detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_SMS).user(account.get()).success();
        context.setUser(account.get());
        context.success();
    }

    private static List<UserModel> accounts(AuthenticationFlowContext context) {
        return RecoveryState.of(context.getAuthenticationSession()).accounts(context.getSession(), context.getRealm());
    }

    private static Response page(AuthenticationFlowContext context, String errorKey) {
        var form = context.form()
                .setAttribute("recoveryAccounts", accounts(context).stream().map(UserModel::getUsername).sorted().toList())
                .setAttribute("contactsUrl", PublicLinks.contacts(context.getSession(), context.getRealm()).toString());
        if (errorKey != null) {
            form.addError(new FormMessage(FIELD, errorKey));
        }
        return form.createForm("recovery-choose-account.ftl");
    }
}
