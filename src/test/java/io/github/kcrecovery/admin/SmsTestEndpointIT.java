package io.github.kcrecovery.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /admin/realms/{realm}/recovery/sms/test} against the stub gateway, which the test server's {@code http}
 * sender posts JSON to with a bearer token (see the harness' ServerOptions).
 */
class SmsTestEndpointIT {

    private static final String ENDPOINT = "/admin/realms/master/recovery/sms/test";
    private static final String PHONE = "+79161234567";

    private static TestEnvironment env;
    private static AdminClient admin;
    private static String plainUserId;

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
        admin = env.admin();
    }

    @AfterAll
    static void removePlainUser() {
        if (plainUserId != null) {
            admin.delete("/admin/realms/master/users/" + plainUserId);
        }
    }

    @BeforeEach
    void clearGateway() {
        env.sms().clear();
    }

    @Test
    void sendsOneRequestInTheConfiguredShape() throws Exception {
        String message = "Code 123456 \"quotes\" back\\slash\nnew line Привет";

        AdminClient.Response response = admin.post(ENDPOINT, Map.of("phoneNumber", PHONE, "message", message));

        assertEquals(204, response.status(), response.body());
        List<SmsGatewayStub.Request> requests = env.sms().awaitRequests(1, Duration.ofSeconds(5));
        assertEquals(1, requests.size());
        SmsGatewayStub.Request request = requests.get(0);
        assertEquals("POST", request.method());
        assertEquals("/sms/send", request.path());
        assertEquals("Bearer test-token", request.header("Authorization"));
        assertTrue(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type"));
        JsonNode body = AdminClient.JSON.readTree(request.body());
        assertEquals(PHONE, body.path("to").asText());
        assertEquals(message, body.path("text").asText());
        assertEquals("KcRecovery", body.path("from").asText());
    }

    @Test
    void gatewayErrorGives502() throws Exception {
        env.sms().respondNext(500, "{\"status\":\"ERROR\"}");

        AdminClient.Response response = admin.post(ENDPOINT, Map.of("phoneNumber", PHONE, "message", "hello"));

        assertEquals(502, response.status(), response.body());
        // Keycloak's ErrorRepresentation, as every admin endpoint answers errors
        assertTrue(response.json().path("errorMessage").asText().contains("gateway"), response.body());
        assertEquals(1, env.sms().awaitRequests(1, Duration.ofSeconds(1)).size());
    }

    @Test
    void gatewayAnsweringOkStatusWithoutSuccessFieldGives502() {
        env.sms().respondNext(200, "{\"status\":\"ERROR\",\"message\":\"no money\"}");

        AdminClient.Response response = admin.post(ENDPOINT, Map.of("phoneNumber", PHONE, "message", "hello"));

        assertEquals(502, response.status(), response.body());
    }

    /** The gateway answers after 30 s, the test server's sender stops reading after 2 s: 502 before the answer. */
    @Test
    void slowGatewayGives502WithinTheReadTimeout() {
        env.sms().respondNext(new SmsGatewayStub.Response(200, "{\"status\":\"OK\"}", Duration.ofSeconds(30)));
        long started = System.nanoTime();

        AdminClient.Response response = admin.post(ENDPOINT, Map.of("phoneNumber", PHONE, "message", "hello"));

        System.out.printf("test SMS through a gateway slower than the read timeout: %d after %d ms%n", response.status(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertEquals(502, response.status(), response.body());
        assertEquals(0, env.sms().answered(), "the endpoint waited for the gateway's answer, not for its read timeout");
    }

    @Test
    void malformedPhoneGives400AndSendsNothing() {
        AdminClient.Response response = admin.post(ENDPOINT, Map.of("phoneNumber", "12ab", "message", "hello"));

        assertEquals(400, response.status(), response.body());
        assertEquals(List.of(), env.sms().requests());
    }

    @Test
    void userWithoutRealmManagementGets403() {
        String username = "plain-" + UUID.randomUUID();
        // a complete profile, or the password grant is refused with "Account is not fully set up"
        plainUserId = admin.createUser("master", Map.of("username", username, "email", username + "@example.test",
                "firstName", "Plain", "lastName", "User"), "plain-password");
        AdminClient plain = AdminClient.login(env.keycloak().baseUrl(), "master", username, "plain-password");

        AdminClient.Response response = plain.post(ENDPOINT, Map.of("phoneNumber", PHONE, "message", "hello"));

        assertEquals(403, response.status(), response.body());
        assertEquals(List.of(), env.sms().requests());
    }

    /** The test SMS goes through the one SMS path: the limits of the realm's SMS settings apply to it too. */
    @Test
    void testSmsCountsAgainstTheNumberLimit() {
        String config = "/admin/realms/demo/authentication/required-actions/recovery-verify-phone/config";
        String endpoint = "/admin/realms/demo/recovery/sms/test";
        String phone = DemoRealmUsers.freshPhone();
        assertEquals(204, admin.put(config, Map.of("config", Map.of("maxSendsPerNumberPerHour", "1"))).status());
        try {
            assertEquals(204, admin.post(endpoint, Map.of("phoneNumber", phone, "message", "one")).status());
            AdminClient.Response second = admin.post(endpoint, Map.of("phoneNumber", phone, "message", "two"));
            assertEquals(429, second.status(), second.body());
            assertTrue(second.json().path("errorMessage").asText().contains("number_limit"), second.body());
        } finally {
            admin.delete(config);
        }
    }
}
