package io.github.kcrecovery.emaillink;

import io.github.kcrecovery.mail.ResetLink;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.flow.RecoveryStep;
import io.github.kcrecovery.mail.MailAfterResponse;
import io.github.kcrecovery.state.RecoveryState;
import org.keycloak.TokenVerifier;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.actiontoken.DefaultActionToken;
import org.keycloak.authentication.actiontoken.resetcred.ResetCredentialsActionToken;
import org.keycloak.common.VerificationException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.storage.StorageId;

import java.util.Locale;

/**
 * The email link: Keycloak's reset-link step (its action token, its fork back
 * to the login page), except that the mail leaves AFTER the answer, through {@link MailAfterResponse}. Keycloak's
 * own step sends before answering, so a real account answered ~280 ms later than an unknown identifier. Unknown,
 * ambiguous or disabled identifiers and accounts without an email get the same message and nothing is sent.
 * <p>
 * Opening the link replays the flow with the {@code ACTION_TOKEN_USER} note: for that account this step lets the
 * flow go on to the new password (and the account's second factor), marks the email verified when the link was the
 * one mailed to the address the account still has, and ends after the password change per {@value #FORCE_LOGIN}.
 */
final class RecoveryResetLinkEmail implements RecoveryStep {

    static final String FORCE_LOGIN = "force-login";
    static final String ONLY_FEDERATED = "only-federated";
    static final String STEP = "reset_link_email";
    static final String LINK_SENT_MESSAGE = "recoveryEmailLinkSent";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (user != null && user.getId().equals(authSession.getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID))) {
            linkOpened(context, user);
            return;
        }
        EventBuilder event = RecoveryEvents.step(context.getEvent(), EventType.SEND_RESET_PASSWORD, STEP);
        if (user == null) {
            // recorded as a real account's send is, so that both take the same time
            event.error(Errors.USER_NOT_FOUND);
        } else if (user.getEmail() == null || user.getEmail().isBlank()) {
            event.user(user).error(Errors.INVALID_EMAIL);
        } else {
            send(context, user, event.user(user).detail(Details.EMAIL, user.getEmail()));
        }
        // the same answer whoever was typed, promising nothing: back to the login page with "if the account has an
        // email address, a link is on its way" (Keycloak's "You should receive an email shortly" promised a mail to
        // accounts without any)
        RecoveryState.of(authSession).keepLanguageAcrossFork();
        context.forkWithSuccessMessage(new FormMessage(LINK_SENT_MESSAGE));
    }

    /** Never reached in practice (this step shows no page); a stray POST gets the same treatment as a first visit. */
    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    private static void send(AuthenticationFlowContext context, UserModel user, EventBuilder event) {
        Locale language = context.getSession().getContext().resolveLocale(user);
        ResetLink link = ResetLink.create(context, user, language);
        MailAfterResponse.send(context.getSession(), context.getRealm(), user.getId(), language, "reset link", RecoveryEvents.Deferred.of(event),
                (templates, realm, mailUser) -> templates.sendPasswordReset(link.url(), link.minutes()));
        event.success();
    }

    private static void linkOpened(AuthenticationFlowContext context, UserModel user) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (mailedToCurrentAddress(authSession, user)) {
            user.setEmailVerified(true);
        }
        if (forceLogin(context.getAuthenticatorConfig(), user)) {
            authSession.setAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS, "true");
        }
        context.success();
    }

    /**
     * Whether the link being replayed is a reset link mailed to the address the account has now: then opening it
     * proved the mailbox. Keycloak has already verified the token (the {@code key} note); other action tokens that
     * replay this flow, such as the admin's SMS link, prove no mailbox.
     */
    private static boolean mailedToCurrentAddress(AuthenticationSessionModel authSession, UserModel user) {
        String key = authSession.getAuthNote(Constants.KEY);
        if (key == null || user.getEmail() == null) {
            return false;
        }
        try {
            DefaultActionToken token = TokenVerifier.create(key, DefaultActionToken.class).getToken();
            return ResetCredentialsActionToken.TOKEN_TYPE.equals(token.getType()) && user.getEmail().equalsIgnoreCase(token.getEmail());
        } catch (VerificationException e) {
            return false;
        }
    }

    /** Keycloak's rule: by default only accounts of a user federation must sign in again after the reset. */
    static boolean forceLogin(AuthenticatorConfigModel config, UserModel user) {
        String value = config == null || config.getConfig() == null ? null : config.getConfig().get(FORCE_LOGIN);
        if (value == null || ONLY_FEDERATED.equalsIgnoreCase(value)) {
            return !StorageId.isLocalStorage(user.getId()) || user.isFederated();
        }
        return Boolean.parseBoolean(value);
    }
}
