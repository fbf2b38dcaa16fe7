package io.github.kcrecovery.admin;

import io.github.kcrecovery.phone.ConfirmedPhone;
import io.github.kcrecovery.state.RecoveryState;
import jakarta.ws.rs.core.Response;
import org.keycloak.TokenVerifier;
import org.keycloak.authentication.actiontoken.AbstractActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.TokenUtils;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.services.messages.Messages;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.authentication.AuthenticationProcessor;

import java.util.List;

/**
 * Opens the link of {@link AdminSmsToken}: the realm's reset-credentials flow for the account, replayed as for
 * Keycloak's emailed reset link, so the account's second factor is asked before Keycloak's own UPDATE_PASSWORD
 * page, then the "account updated" page. The token works once ({@link #canUseTokenRepeatedly} false: Keycloak
 * records it as used when the flow completes), and only while the user's confirmed phone is still the one it was
 * sent to.
 */
public class AdminSmsTokenHandler extends AbstractActionTokenHandler<AdminSmsToken> {

    public AdminSmsTokenHandler() {
        super(AdminSmsToken.TOKEN_TYPE, AdminSmsToken.class, Messages.INVALID_CODE, EventType.EXECUTE_ACTIONS, Errors.NOT_ALLOWED);
    }

    @Override
    @SuppressWarnings("unchecked")
    public TokenVerifier.Predicate<? super AdminSmsToken>[] getVerifiers(ActionTokenContext<AdminSmsToken> tokenContext) {
        return TokenUtils.predicates(TokenUtils.checkThat(
                t -> ConfirmedPhone.of(tokenContext.getAuthenticationSession().getAuthenticatedUser())
                        .map(AdminSmsRecovery::phoneDigest).filter(d -> d.equals(t.getPhoneDigest())).isPresent(),
                Errors.NOT_ALLOWED, Messages.INVALID_CODE));
    }

    @Override
    public Response handleToken(AdminSmsToken token, ActionTokenContext<AdminSmsToken> tokenContext) {
        AuthenticationSessionModel authSession = tokenContext.getAuthenticationSession();
        // the link's pages speak the language of the SMS (its kc_locale), also in a browser new to Keycloak
        RecoveryState.of(authSession).keepChosenLanguage(tokenContext.getSession());
        if (tokenContext.isAuthenticationSessionFresh()) {
            // a new browser: confirm first, as Keycloak does for its admin email links, so that nothing happens
            // on a mere GET of the link (link previews)
            token.setCompoundAuthenticationSessionId(AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId());
            String confirmUri = Urls.actionTokenBuilder(tokenContext.getUriInfo().getBaseUri(),
                            token.serialize(tokenContext.getSession(), tokenContext.getRealm(), tokenContext.getUriInfo()),
                            authSession.getClient().getClientId(), authSession.getTabId(),
                            AuthenticationProcessor.getClientData(tokenContext.getSession(), authSession))
                    .build(tokenContext.getRealm().getName()).toString();
            return tokenContext.getSession().getProvider(LoginFormsProvider.class)
                    .setAuthenticationSession(authSession)
                    .setUser(authSession.getAuthenticatedUser())
                    .setSuccess(Messages.CONFIRM_EXECUTION_OF_ACTIONS)
                    .setAttribute(Constants.TEMPLATE_ATTR_ACTION_URI, confirmUri)
                    .setAttribute(Constants.TEMPLATE_ATTR_REQUIRED_ACTIONS, List.of(UserModel.RequiredAction.UPDATE_PASSWORD.name()))
                    .createInfoPage();
        }
        // the realm's reset-credentials flow, replayed for this account as Keycloak does for its emailed link: it
        // leads to the new password and asks the account's second factor, as every other recovery path does
        return tokenContext.processFlow(false, LoginActionsService.RESET_CREDENTIALS_PATH,
                tokenContext.getRealm().getResetCredentialsFlow(), null, new AuthenticationProcessor());
    }

    @Override
    public boolean canUseTokenRepeatedly(AdminSmsToken token, ActionTokenContext<AdminSmsToken> tokenContext) {
        return false;
    }
}
