package io.github.kcrecovery.rest;

import io.github.kcrecovery.admin.AdminSmsRecovery;
import io.github.kcrecovery.settings.RecoverySettings;
import io.github.kcrecovery.settings.PageComponents;
import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.sms.SmsLimits;
import io.github.kcrecovery.sms.SmsOutbox;
import io.github.kcrecovery.contacts.ContactsAdminResource;
import io.github.kcrecovery.sms.http.RealmSmsSettingsResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.Map;
import java.util.Optional;

/** The realm-admin API of the extension, under {@code /admin/realms/{realm}/recovery}. */
public class RecoveryAdminResource {

    static final String DEFAULT_TEST_MESSAGE = "Keycloak test SMS";
    static final String TEST_STEP = "test_sms";
    /** A longer text would be split into many paid SMS parts; an admin test needs no more. */
    static final int MAX_TEST_MESSAGE_LENGTH = 480;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    RecoveryAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.realm(realm);
    }

    public record TestSmsRequest(String phoneNumber, String message) {
    }

    /** The contacts of the public "contact your administrator" page. */
    @Path("contacts")
    public ContactsAdminResource contacts() {
        return new ContactsAdminResource(session, realm, auth, adminEvent);
    }

    /** The realm's own SMS gateway settings, over the server's. */
    @Path("sms/settings")
    public RealmSmsSettingsResource smsSettings() {
        return new RealmSmsSettingsResource(session, realm, auth, adminEvent);
    }

    /** The realm's recovery options ({@link RecoverySettings}) as a flat JSON object of the console page's fields. */
    @GET
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> getSettings() {
        auth.realm().requireViewRealm();
        return PageComponents.singleConfig(realm, RecoverySettings.PAGE_ID);
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response putSettings(Map<String, String> settings) {
        auth.realm().requireManageRealm();
        if (settings == null || !RecoverySettings.FIELDS.containsAll(settings.keySet())) {
            throw ErrorResponse.error("Known settings: " + RecoverySettings.FIELDS, Response.Status.BAD_REQUEST);
        }
        try {
            PageComponents.saveSingle(realm, RecoverySettings.PAGE_ID, settings);
        } catch (ComponentValidationException e) {
            throw ErrorResponse.error(e.getMessage(), Response.Status.BAD_REQUEST);
        }
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.COMPONENT)
                .resourcePath(session.getContext().getUri()).representation(settings).success();
        return Response.noContent().build();
    }

    /**
     * Sends the user an SMS with a link to set a new password, to the user's confirmed phone; needs the
     * reset-password permission on that user (manage-users, or the FGAP v2 reset-password scope).
     */
    @POST
    @Path("users/{userId}/send-recovery-sms")
    @Produces(MediaType.APPLICATION_JSON)
    public AdminSmsRecovery.Result sendRecoverySms(@PathParam("userId") String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            // like Keycloak's UserResource: without any user permission, a missing user is a 403, not a 404
            auth.users().requireQuery();
            throw new NotFoundException("User not found");
        }
        return new AdminSmsRecovery(session, realm, auth).send(user, adminEvent);
    }

    /**
     * Sends one SMS through the configured gateway, like the SMTP "Test connection" button: 204 when the
     * gateway took it, 400 for a number that is not one, 429 over an SMS limit, 502 when the gateway failed.
     */
    @POST
    @Path("sms/test")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response sendTestSms(TestSmsRequest request) {
        auth.realm().requireManageRealm();
        String phone = new PhoneNumbers(PhoneNumbers.DEFAULT_REGION)
                .toE164(request == null ? null : request.phoneNumber())
                .orElseThrow(() -> ErrorResponse.error("Not a valid phone number", Response.Status.BAD_REQUEST));
        String message = request.message() == null || request.message().isBlank() ? DEFAULT_TEST_MESSAGE : request.message();
        if (message.length() > MAX_TEST_MESSAGE_LENGTH) {
            throw ErrorResponse.error("Message longer than " + MAX_TEST_MESSAGE_LENGTH + " characters", Response.Status.BAD_REQUEST);
        }
        // through the one SMS path: the test SMS counts against the number's limit and the realm budget like any other
        EventBuilder event = RecoveryEvents.step(new EventBuilder(realm, session), EventType.SEND_RESET_PASSWORD, TEST_STEP);
        Optional<String> refused;
        try {
            refused = SmsOutbox.sendNow(session, realm, new SmsOutbox.Message(SmsOutbox.Kind.TEST, phone, null, null,
                    null, null, message), SmsLimits.ofRealm(realm), event);
        } catch (SmsSendException e) {
            throw ErrorResponse.error("SMS gateway failed: " + e.getMessage(), Response.Status.BAD_GATEWAY);
        }
        if (refused.isPresent()) {
            throw ErrorResponse.error("SMS limit reached (" + refused.get() + ")", Response.Status.TOO_MANY_REQUESTS);
        }
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.REALM)
                .resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }
}
