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
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.authentication.AuthenticationProcessor;

/**
 * Opens the link of {@link AdminSmsToken}: the realm's reset-credentials flow for the account, replayed as for
 * Keycloak's emailed reset link, so the account's second factor is asked before Keycloak's own UPDATE_PASSWORD
 * page, then the "account updated" page with a link to the account console. The token works once
 * ({@link #canUseTokenRepeatedly} false: Keycloak records it as used when the flow completes), and only while the
 * user's confirmed phone is still the one it was sent to.
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

    /**
     * Keycloak's fresh session for a link opened in a new browser, which ends after the new password without
     * signing in; plus the account console as the way on from its last page ("Back to application"), where the
     * person signs in with the new password. Keycloak's default last page has no link at all.
     */
    @Override
    public AuthenticationSessionModel startFreshAuthenticationSession(AdminSmsToken token, ActionTokenContext<AdminSmsToken> tokenContext) {
        AuthenticationSessionModel authSession = super.startFreshAuthenticationSession(token, tokenContext);
        authSession.setAuthNote(AuthenticationManager.SET_REDIRECT_URI_AFTER_REQUIRED_ACTIONS, "true");
        return authSession;
    }

    /**
     * Straight into the realm's reset-credentials flow, replayed for this account as Keycloak does for its emailed
     * link: it asks the account's second factor, then the new password. No "Perform the following action(s)" page
     * first: opening the link changes nothing (a link preview only renders a page), and the token is spent only
     * when the password is set.
     */
    @Override
    public Response handleToken(AdminSmsToken token, ActionTokenContext<AdminSmsToken> tokenContext) {
        // the link's pages speak the language of the SMS (its kc_locale), also in a browser new to Keycloak
        RecoveryState.of(tokenContext.getAuthenticationSession()).keepChosenLanguage(tokenContext.getSession());
        return tokenContext.processFlow(false, LoginActionsService.RESET_CREDENTIALS_PATH,
                tokenContext.getRealm().getResetCredentialsFlow(), null, new AuthenticationProcessor());
    }

    @Override
    public boolean canUseTokenRepeatedly(AdminSmsToken token, ActionTokenContext<AdminSmsToken> tokenContext) {
        return false;
    }
}
