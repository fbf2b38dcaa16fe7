package io.github.kcrecovery.admin;

import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.sms.SmsSenderProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** The realm-admin API of the extension, under {@code /admin/realms/{realm}/recovery}. */
public class RecoveryAdminResource {

    private static final Logger LOG = Logger.getLogger(RecoveryAdminResource.class);
    static final String DEFAULT_TEST_MESSAGE = "Keycloak test SMS";
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

    /**
     * Sends one SMS through the configured gateway, like the SMTP "Test connection" button: 204 when the
     * gateway took it, 400 for a number that is not one, 502 with the gateway's failure otherwise.
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
        try {
            session.getProvider(SmsSenderProvider.class).send(phone, message);
        } catch (SmsSendException e) {
            LOG.warnf("Test SMS to %s failed: %s", PhoneNumbers.mask(phone), e.getMessage());
            throw ErrorResponse.error("SMS gateway failed: " + e.getMessage(), Response.Status.BAD_GATEWAY);
        }
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.REALM)
                .resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }
}
