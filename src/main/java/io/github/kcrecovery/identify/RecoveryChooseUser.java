package io.github.kcrecovery.identify;

import io.github.kcrecovery.captcha.Captcha;
import io.github.kcrecovery.links.PublicLinks;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.flow.RecoveryStep;
import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.state.RecoveryState;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.resetcred.ResetCredentialChooseUser;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * First step of the recovery flow: like Keycloak's ResetCredentialChooseUser, but the identifier may be a
 * username, an email or a phone number, and the person picks the channel (email link or SMS). An unknown,
 * ambiguous or disabled identifier chooses nobody and the flow goes on exactly as for a real account.
 * <p>
 * For the SMS channel the account is NOT set on the flow yet (only remembered in the {@link RecoveryState}):
 * Keycloak's page template shows the chosen account's name on later pages, which would tell real accounts from
 * unknown ones. The SMS-code step sets it once the code is right.
 */
final class RecoveryChooseUser implements RecoveryStep {

    public static final String FIELD = "username";
    static final int MAX_IDENTIFIER_LENGTH = 255;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (RecoveryState.resumedByResetLink(context)) {
            // the emailed link replays the whole flow: straight to the email path for that account
            context.success();
            return;
        }
        if (RecoveryState.restartIfEnteredAgain(context)) {
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (context.getUser() != null && authSession.getAuthNote(RecoveryState.METHOD_NOTE) != null) {
            // an earlier step (a chooser) picked both the account and the channel
            context.success();
            return;
        }
        // an account left over from the login form (e.g. identity-first login) only pre-fills the field
        context.challenge(page(context, context.getUser() == null ? null : context.getUser().getUsername(), null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String identifier = Optional.ofNullable(form.getFirst(FIELD)).map(String::trim).orElse("");
        String method = RecoveryEvents.METHOD_SMS.equals(form.getFirst("method")) ? RecoveryEvents.METHOD_SMS : RecoveryEvents.METHOD_EMAIL;
        if (Captcha.refreshRequested(form)) {
            context.challenge(page(context, acceptable(identifier) ? identifier : "", null));
            return;
        }
        if (identifier.isEmpty()) {
            context.getEvent().error(Errors.USERNAME_MISSING);
            context.failureChallenge(AuthenticationFlowError.INVALID_USER, page(context, identifier, "missingUsernameMessage"));
            return;
        }
        if (!acceptable(identifier)) {
            context.challenge(page(context, "", "recoveryPhoneInvalidIdentifier"));
            return;
        }
        Optional<Captcha> captcha = Captcha.forForm(context);
        if (captcha.isPresent() && !captcha.get().verify(form)) {
            RecoveryEvents.step(context.getEvent(), EventType.RESET_PASSWORD, "choose_user")
                    .detail(RecoveryEvents.REASON, "captcha").error(Errors.INVALID_INPUT);
            context.challenge(page(context, identifier, Captcha.ANSWER_FIELD, "recoveryCaptchaError"));
            return;
        }
        // whatever was chosen before, only what is typed here counts
        context.clearUser();
        KeycloakSession session = context.getSession();
        RecoveryState state = RecoveryState.of(context.getAuthenticationSession());
        List<UserModel> accounts = state.identify(session, context.getRealm(), identifier, method,
                phoneNumbers(context));
        EventBuilder event = RecoveryEvents.step(context.getEvent(), EventType.RESET_PASSWORD, "choose_user")
                .detail(RecoveryEvents.METHOD, method);
        if (accounts.isEmpty()) {
            event.error(Errors.USER_NOT_FOUND);
        } else {
            event.user(accounts.size() == 1 ? accounts.get(0) : null).success();
        }
        if (RecoveryEvents.METHOD_EMAIL.equals(method) && accounts.size() == 1) {
            UserModel user = accounts.get(0);
            // Keycloak's email step and its brute-force detector find the account through these
            AuthenticationSessionModel authSession = context.getAuthenticationSession();
            authSession.setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, user.getUsername());
            authSession.setAuthNote(ResetCredentialChooseUser.RESET_CREDENTIAL_USER_CHOSEN, "true");
            context.setUser(user);
        }
        context.success();
    }

    private static PhoneNumbers phoneNumbers(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        return PhoneNumbers.ofSettings(config == null || config.getConfig() == null ? Map.of() : config.getConfig());
    }

    private static boolean acceptable(String identifier) {
        return identifier.length() <= MAX_IDENTIFIER_LENGTH && identifier.chars().noneMatch(Character::isISOControl);
    }

    private static Response page(AuthenticationFlowContext context, String identifier, String errorKey) {
        return page(context, identifier, FIELD, errorKey);
    }

    private static Response page(AuthenticationFlowContext context, String identifier, String errorField, String errorKey) {
        var form = context.form()
                .setAttribute("contactsUrl", PublicLinks.contacts(context.getSession(), context.getRealm()).toString());
        if (identifier != null) {
            form.setAttribute("recoveryIdentifier", identifier);
        }
        if (errorKey != null) {
            form.addError(new FormMessage(errorField, errorKey));
        }
        Captcha.forForm(context).ifPresent(c -> c.addTo(form));
        return form.createForm("recovery-choose-user.ftl");
    }
}
