package io.github.kcrecovery.admin;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.WebApplicationException;
import io.github.kcrecovery.phone.ConfirmedPhone;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.Config;
import org.keycloak.common.util.Encode;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import java.util.List;
import java.util.Map;

/**
 * A "Recovery SMS" tab on the user details page of the admin console (declarative-ui): Save sends the user the same
 * SMS as {@code POST .../recovery/users/{id}/send-recovery-sms}.
 * <p>
 * The declarative console has no buttons of an extension's own, only a form of config properties with Save. So the
 * tab shows one read-only line saying what Save does, and Save is the action. The console keeps one component per
 * tab and realm, not per user, and puts the route's user id into its config on Save; the send happens in
 * {@link #validateConfiguration}, which runs before anything is stored, with the user id of this very Save, and
 * whose refusal the console shows to the admin in plain words. The per-user values are dropped from what is
 * stored. Saving needs manage-realm (Keycloak's rule for components) and, for the send, the reset-password
 * permission on the user, checked with the admin's own token. On success the console can only say its own fixed
 * "Saved successfully" (see docs/admin.md).
 */
public class SendRecoverySmsTabFactory implements UiTabProviderFactory<ComponentModel> {

    public static final String ID = "recovery-sms";
    /** The read-only line that says what Save does; its value is never stored. */
    static final String WHAT_SAVE_DOES = "what-save-does";
    /** Route parameters the console merges into the config on Save. */
    private static final List<String> ROUTE_PARAMS = List.of("id", "realm", "tab");
    /**
     * Keycloak drops undeclared keys when it updates a component, so the route's user id is declared, with a type
     * the console has no editor for: it is not shown, yet kept on Save.
     */
    private static final String ROUTE_PARAMETER_TYPE = "RouteParameter";
    private static final String NOTHING_SENT = "No SMS was sent: ";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getPath() {
        return "/:realm/users/:id/:tab";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", ID);
    }

    @Override
    public String getHelpText() {
        return "Send this user a link to set a new password, by SMS to the confirmed phone.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty whatSaveDoes = new ProviderConfigProperty(WHAT_SAVE_DOES, "Save sends",
                "The user gets an SMS, to the confirmed phone only, with a link (valid at most 10 minutes, once) to "
                        + "Keycloak's page for choosing a new password. You never see or set the password. The console "
                        + "then says \"Saved successfully\"; when nothing is sent it says why. For email, use the "
                        + "Credentials tab's \"Credential Reset\".",
                ProviderConfigProperty.STRING_TYPE, "A password link by SMS to this user's confirmed phone");
        whatSaveDoes.setReadOnly(true);
        return ProviderConfigurationBuilder.create()
                .property(whatSaveDoes)
                .property().name("id").type(ROUTE_PARAMETER_TYPE).add()
                .build();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        String userId = model.getConfig().getFirst("id");
        ROUTE_PARAMS.forEach(model.getConfig()::remove);
        model.getConfig().remove(WHAT_SAVE_DOES);
        if (userId == null) {
            // not a Save on a user's page (e.g. a realm import of the stored tab): nothing to send
            return;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            throw new ComponentValidationException(NOTHING_SENT + "this user no longer exists.");
        }
        if (ConfirmedPhone.of(user).isEmpty()) {
            throw new ComponentValidationException(NOTHING_SENT + user.getUsername() + " has no confirmed phone number. "
                    + "Send an email instead (Credentials, Credential Reset), or ask " + user.getUsername()
                    + " to confirm a phone.");
        }
        RealmModel current = session.getContext().getRealm();
        try {
            AdminAuth admin = authenticateAdmin(session);
            session.getContext().setRealm(current);
            new AdminSmsRecovery(session, realm, AdminPermissions.evaluator(session, realm, admin))
                    .send(user, new AdminEventBuilder(realm, admin, session, session.getContext().getConnection()));
        } catch (ForbiddenException e) {
            throw new ComponentValidationException(NOTHING_SENT + "you may not reset this user's password.");
        } catch (WebApplicationException e) {
            Object entity = e.getResponse().getEntity();
            throw new ComponentValidationException(NOTHING_SENT
                    + (entity instanceof ErrorRepresentation error ? error.getErrorMessage() : e.getMessage()));
        } finally {
            session.getContext().setRealm(current);
        }
    }

    /**
     * The admin behind this request, from the bearer token the console sent. Keycloak's own
     * {@code AdminRoot.authenticateRealmAdminRequest(KeycloakSession)} is public only from 26.5; these calls are
     * public in every 26.x, so the one jar also runs on 26.4. Sets the context's realm to the token's realm.
     */
    private static AdminAuth authenticateAdmin(KeycloakSession session) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        String tokenString = AppAuthManager.extractAuthorizationHeaderToken(headers);
        if (tokenString == null) {
            throw new NotAuthorizedException("Bearer");
        }
        String issuer;
        try {
            issuer = new JWSInput(tokenString).readJsonContent(AccessToken.class).getIssuer();
        } catch (JWSInputException e) {
            throw new NotAuthorizedException("Bearer token format error");
        }
        RealmModel tokenRealm = issuer == null ? null
                : session.realms().getRealmByName(Encode.decodePath(issuer.substring(issuer.lastIndexOf('/') + 1)));
        if (tokenRealm == null) {
            throw new NotAuthorizedException("Unknown realm in token");
        }
        session.getContext().setRealm(tokenRealm);
        AuthenticationManager.AuthResult result = new AppAuthManager.BearerTokenAuthenticator(session)
                .setRealm(tokenRealm).setConnection(session.getContext().getConnection()).setHeaders(headers).authenticate();
        if (result == null) {
            throw new NotAuthorizedException("Bearer");
        }
        session.getContext().setBearerToken(result.getToken());
        return new AdminAuth(tokenRealm, result.getToken(), result.getUser(), result.getClient());
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
