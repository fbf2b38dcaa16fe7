package io.github.kcrecovery.admin;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.WebApplicationException;
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
 * A "Recovery SMS" tab on the user details page of the admin console (declarative-ui): tick the box, Save, and the
 * user gets the same SMS as from {@code POST .../recovery/users/{id}/send-recovery-sms}.
 * <p>
 * The console keeps one component per tab and realm, not per user, and puts the route's user id into its config
 * on Save. So the send happens in {@link #validateConfiguration}: it runs before anything is stored, with the user
 * id of this very Save, and its refusal is what the console shows to the admin (no confirmed phone, no permission,
 * too soon). The per-user values are then dropped from what is stored. Saving needs manage-realm (Keycloak's rule
 * for components) and, for the send, the reset-password permission on the user, checked with the admin's own token.
 */
public class SendRecoverySmsTabFactory implements UiTabProviderFactory<ComponentModel> {

    public static final String ID = "recovery-sms";
    static final String CONFIRM = "send-recovery-sms";
    /** Route parameters the console merges into the config on Save. */
    private static final List<String> ROUTE_PARAMS = List.of("id", "realm", "tab");
    /**
     * Keycloak drops undeclared keys when it updates a component, so the route's user id is declared, with a type
     * the console has no editor for: it is not shown, yet kept on Save.
     */
    private static final String ROUTE_PARAMETER_TYPE = "RouteParameter";

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
        return ProviderConfigurationBuilder.create()
                .property().name(CONFIRM).label("Send a password link by SMS").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(false)
                .helpText("Tick and Save: the user gets an SMS, to the confirmed phone only, with a link (valid at most "
                        + "10 minutes, once) to Keycloak's page for choosing a new password. You never see or set the "
                        + "password. For email, use the Credentials tab's \"Credential Reset\" (execute-actions email).").add()
                .property().name("id").type(ROUTE_PARAMETER_TYPE).add()
                .build();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        String userId = model.getConfig().getFirst("id");
        boolean confirmed = Boolean.parseBoolean(model.getConfig().getFirst(CONFIRM));
        ROUTE_PARAMS.forEach(model.getConfig()::remove);
        model.getConfig().putSingle(CONFIRM, "false");
        if (userId == null) {
            // not a Save on a user's page (e.g. a realm import of the stored tab): nothing to send
            return;
        }
        if (!confirmed) {
            throw new ComponentValidationException("Tick \"Send a password link by SMS\" to send it");
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            throw new ComponentValidationException("User not found");
        }
        RealmModel current = session.getContext().getRealm();
        try {
            AdminAuth admin = authenticateAdmin(session);
            session.getContext().setRealm(current);
            new AdminSmsRecovery(session, realm, AdminPermissions.evaluator(session, realm, admin))
                    .send(user, new AdminEventBuilder(realm, admin, session, session.getContext().getConnection()));
        } catch (ForbiddenException e) {
            throw new ComponentValidationException("You may not reset this user's password");
        } catch (WebApplicationException e) {
            Object entity = e.getResponse().getEntity();
            throw new ComponentValidationException(entity instanceof ErrorRepresentation error ? error.getErrorMessage() : e.getMessage());
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
