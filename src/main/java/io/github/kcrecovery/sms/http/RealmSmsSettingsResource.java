package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.settings.PageComponents;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /admin/realms/{realm}/recovery/sms/settings}: the realm's gateway options as a flat JSON object, the same
 * record as the console page {@value RealmSmsGatewayPageFactory#PAGE_ID}. Secrets come back as
 * {@value ComponentRepresentation#SECRET_VALUE} (vault references as they are); sending that mask back keeps the
 * stored secret, unless the url changes: a stored secret never follows a new url, it must be entered again. An
 * empty object removes the realm's settings' values (the server's apply again).
 */
public class RealmSmsSettingsResource {

    private static final Set<String> SECRETS = Set.of(HttpGatewaySettings.PASSWORD, HttpGatewaySettings.API_KEY);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public RealmSmsSettingsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> get() {
        auth.realm().requireViewRealm();
        return masked(RealmSmsGatewayPageFactory.realmOptions(realm));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(Map<String, String> options) {
        auth.realm().requireManageRealm();
        if (options == null || !HttpGatewaySettings.OPTIONS.containsAll(options.keySet())) {
            throw ErrorResponse.error("Known options: " + HttpGatewaySettings.OPTIONS, Response.Status.BAD_REQUEST);
        }
        Map<String, String> stored = RealmSmsGatewayPageFactory.realmOptions(realm);
        Map<String, String> values = new HashMap<>(options);
        boolean urlChanged = RealmSmsGatewayPageFactory.urlChanged(stored, values);
        for (String secret : SECRETS) {
            if (ComponentRepresentation.SECRET_VALUE.equals(values.get(secret))) {
                if (urlChanged && stored.get(secret) != null) {
                    throw ErrorResponse.error(RealmSmsGatewayPageFactory.enterAgain(secret), Response.Status.BAD_REQUEST);
                }
                values.put(secret, stored.get(secret));
            }
        }
        // every secret in values was sent in this request or kept under the same url: the page's own check,
        // which cannot tell a kept secret from the same one typed again, need not guess
        session.setAttribute(RealmSmsGatewayPageFactory.SECRETS_CHECKED, Boolean.TRUE);
        try {
            PageComponents.saveSingle(realm, RealmSmsGatewayPageFactory.PAGE_ID, values);
        } catch (ComponentValidationException e) {
            throw ErrorResponse.error(e.getMessage(), Response.Status.BAD_REQUEST);
        }
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.COMPONENT)
                .resourcePath(session.getContext().getUri()).representation(masked(values)).success();
        return Response.noContent().build();
    }

    private static Map<String, String> masked(Map<String, String> options) {
        Map<String, String> result = new HashMap<>();
        options.forEach((k, v) -> {
            if (v != null) {
                boolean hide = SECRETS.contains(k) && !(v.startsWith("${vault.") && v.endsWith("}"));
                result.put(k, hide ? ComponentRepresentation.SECRET_VALUE : v);
            }
        });
        return result;
    }
}
