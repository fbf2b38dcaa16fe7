package io.github.kcrecovery.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.ServerOptions;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo realm's own SMS gateway settings ({@code /admin/realms/demo/recovery/sms/settings}) over the server's
 * {@code http} sender, seen at the stub gateway through the "send test SMS" action.
 */
class AdminSmsSettingsIT {

    private static final String SETTINGS = "/admin/realms/demo/recovery/sms/settings";
    private static final String MASK = "**********";
    /** The server's api-key (harness ServerOptions): a realm admin must never get it into a message or a url. */
    private static final String SERVER_SECRET = "test-token";

    private static TestEnvironment env;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
        admin = env.admin();
    }

    @BeforeEach
    void clearGateway() {
        env.sms().clear();
    }

    @AfterEach
    void backToServerSettings() {
        assertEquals(204, admin.put(SETTINGS, Map.of()).status());
    }

    @Test
    void aRealmOptionReplacesTheServersForThatRealmOnly() throws Exception {
        assertEquals(204, admin.put(SETTINGS, Map.of("from", "DemoSchool")).status());

        SmsGatewayStub.Request demo = testSms("demo");
        assertEquals("DemoSchool", AdminClient.JSON.readTree(demo.body()).path("from").asText());
        assertEquals("Bearer test-token", demo.header("Authorization"), "other options stay the server's");

        env.sms().clear();
        SmsGatewayStub.Request master = testSms("master");
        assertEquals("KcRecovery", AdminClient.JSON.readTree(master.body()).path("from").asText());
    }

    @Test
    void secretsAreNeverReturnedAndTheMaskKeepsThem() throws Exception {
        assertEquals(204, admin.put(SETTINGS, Map.of("api-key", "realm-key", "auth-type", "bearer")).status());
        JsonNode read = admin.get(SETTINGS).json();
        assertEquals(MASK, read.path("api-key").asText());
        assertEquals("bearer", read.path("auth-type").asText());
        assertEquals("Bearer realm-key", testSms("demo").header("Authorization"));
        // the console reads the same record through Keycloak's component API, which masks it as well
        assertTrue(!admin.get("/admin/realms/demo/components?type=org.keycloak.services.ui.extend.UiPageProvider")
                .body().contains("realm-key"));

        env.sms().clear();
        assertEquals(204, admin.put(SETTINGS, Map.of("api-key", MASK, "auth-type", "bearer", "from", "Kept")).status());
        SmsGatewayStub.Request request = testSms("demo");
        assertEquals("Bearer realm-key", request.header("Authorization"));
        assertEquals("Kept", AdminClient.JSON.readTree(request.body()).path("from").asText());

        assertEquals(204, admin.put(SETTINGS, Map.of("api-key", "${vault.sms_api_key}")).status());
        assertEquals("${vault.sms_api_key}", admin.get(SETTINGS).json().path("api-key").asText(), "a vault reference is no secret");
    }

    @Test
    void aGatewayOfItsOwnInheritsNoServerCredentials() throws Exception {
        assertEquals(204, admin.put(SETTINGS, Map.of("url", env.sms().baseUrl() + "/realm/send",
                "body", "{\"to\":\"{phone}\",\"text\":\"{text}\"}")).status());

        SmsGatewayStub.Request request = testSms("demo");
        assertEquals("/realm/send", request.path());
        assertNull(request.header("Authorization"), "the server's api-key must not go to a realm's url");
    }

    /**
     * Attack (secret exfiltration): the realm admin sets only the body so that the SMS text is the server's api-key,
     * then sends a test SMS to their own phone. Overriding the body, they must bring their own credentials.
     */
    @Test
    void aRealmBodyOverrideGetsNoneOfTheServersSecrets() throws Exception {
        for (Map<String, String> attack : List.of(
                Map.of("body", "{\"to\":\"{phone}\",\"text\":\"{apiKey}\"}"),
                Map.of("content-type", "form", "body", "To={phone}&Body={apiKey}"),
                Map.of("method", "GET", "url", env.sms().baseUrl() + "/sms/send?to={phone}&text={apiKey}"),
                Map.of("auth-type", "header", "auth-header", "X-Text"))) {
            env.sms().clear();
            AdminClient.Response set = admin.put(SETTINGS, attack);
            AdminClient.Response sent = admin.post("/admin/realms/demo/recovery/sms/test",
                    Map.of("phoneNumber", DemoRealmUsers.freshPhone(), "message", "exfiltration"));
            for (SmsGatewayStub.Request request : env.sms().settled(Duration.ofMillis(300))) {
                assertFalse(request.body().contains(SERVER_SECRET) || String.valueOf(request.query()).contains(SERVER_SECRET)
                                || String.valueOf(request.header("X-Text")).contains(SERVER_SECRET),
                        "the server's secret went out with realm settings " + attack + " (PUT " + set.status()
                                + ", test SMS " + sent.status() + ")");
            }
        }
    }

    /**
     * Attack (SSRF): the realm's gateway url on another local service, its status and JSON fields read back through
     * the test SMS's error. A host the server did not list is refused, and never contacted.
     */
    @Test
    void aRealmGatewayOnAnUnlistedHostIsRefusedAndNeverContacted() {
        try (SmsGatewayStub internal = SmsGatewayStub.startOnFreePort()) {
            internal.respondNext(200, "{\"status\":\"UP\"}");
            AdminClient.Response set = admin.put(SETTINGS, Map.of("method", "GET", "url", internal.baseUrl() + "/health/ready",
                    "success-json-pointer", "/status", "success-json-value", "DOWN"));
            AdminClient.Response sent = set.status() == 204 ? admin.post("/admin/realms/demo/recovery/sms/test",
                    Map.of("phoneNumber", DemoRealmUsers.freshPhone(), "message", "probe")) : set;
            assertEquals(List.of(), internal.settled(Duration.ofMillis(500)), "the internal service was contacted");
            assertEquals(400, set.status(), set.body());
            assertTrue(sent.json().path("errorMessage").asText().contains("not allowed"), sent.body());
        }
    }

    /** Attack (SSRF by DNS or literal): a listed host whose address is loopback, which the server does not allow. */
    @Test
    void aListedHostOnAnInternalAddressIsRefusedAfterResolution() {
        assertEquals(204, admin.put(SETTINGS, Map.of("url", "http://" + ServerOptions.REALM_GATEWAY_LOOPBACK_HOST + ":"
                + URI.create(env.sms().baseUrl()).getPort() + "/sms/send", "body", "{\"to\":\"{phone}\"}")).status());
        AdminClient.Response sent = admin.post("/admin/realms/demo/recovery/sms/test",
                Map.of("phoneNumber", DemoRealmUsers.freshPhone(), "message", "probe"));
        assertEquals(502, sent.status(), sent.body());
        assertTrue(sent.json().path("errorMessage").asText().contains("address not allowed"), sent.body());
    }

    /** Attack (pool exhaustion): a realm gateway that may take 24 days to answer. */
    @Test
    void realmTimeoutsAboveTheServersCapAre400() {
        assertBadRequest(Map.of("read-timeout-ms", "2147483647"), "read-timeout-ms");
        assertBadRequest(Map.of("connect-timeout-ms", "600000"), "connect-timeout-ms");
    }

    /** Attack (oracle): the test SMS's error must name the failure class, not the answer's status or fields. */
    @Test
    void testSmsErrorsNameTheFailureClassOnly() {
        env.sms().respondNext(418, "{\"status\":\"teapot\"}");
        AdminClient.Response teapot = admin.post("/admin/realms/demo/recovery/sms/test", Map.of("phoneNumber", DemoRealmUsers.freshPhone()));
        assertEquals(502, teapot.status(), teapot.body());
        String message = teapot.json().path("errorMessage").asText();
        assertTrue(message.contains("4xx") && !message.contains("418"), message);

        env.sms().respondNext(200, "{\"status\":\"teapot\"}");
        AdminClient.Response field = admin.post("/admin/realms/demo/recovery/sms/test", Map.of("phoneNumber", DemoRealmUsers.freshPhone()));
        assertEquals(502, field.status(), field.body());
        message = field.json().path("errorMessage").asText();
        assertTrue(message.contains("unexpected answer") && !message.contains("/status") && !message.contains("teapot"), message);
    }

    /** Attack: a stored realm secret silently follows the url to a host the admin now chose. */
    @Test
    void aNewUrlNeedsTheSecretEnteredAgain() throws Exception {
        String first = env.sms().baseUrl() + "/realm/send";
        String moved = env.sms().baseUrl() + "/realm/moved";
        Map<String, String> settings = new HashMap<>(Map.of("url", first, "body", "{\"to\":\"{phone}\"}",
                "auth-type", "bearer", "api-key", "realm-key"));
        assertEquals(204, admin.put(SETTINGS, settings).status());

        settings.put("url", moved);
        settings.put("api-key", MASK);
        assertBadRequest(settings, "api-key");
        assertEquals(first, admin.get(SETTINGS).json().path("url").asText(), "the refused change was stored");

        settings.put("api-key", "realm-key-2");
        assertEquals(204, admin.put(SETTINGS, settings).status());
        SmsGatewayStub.Request request = testSms("demo");
        assertEquals("/realm/moved", request.path());
        assertEquals("Bearer realm-key-2", request.header("Authorization"));
    }

    @Test
    void invalidSettingsAre400() {
        assertBadRequest(Map.of("auth-type", "basic", "url", "http://127.0.0.1:9/x"), "username");
        assertBadRequest(Map.of("url", "ftp://example.org"), "url");
        assertBadRequest(Map.of("no-such-option", "x"), "Known options");
        assertBadRequest(Map.of("method", "PATCH"), "method");
        assertEquals(Map.of(), AdminClient.JSON.convertValue(admin.get(SETTINGS).json(), Map.class));
    }

    @Test
    void onlyRealmAdminsMayChangeThem() {
        AdminClient anna = DemoRealmUsers.login(env.keycloak().baseUrl(), "anna", DemoRealmUsers.PASSWORD);
        assertEquals(403, anna.get(SETTINGS).status());
        assertEquals(403, anna.put(SETTINGS, Map.of("from", "Anna")).status());
    }

    private static SmsGatewayStub.Request testSms(String realm) throws InterruptedException {
        AdminClient.Response response = admin.post("/admin/realms/" + realm + "/recovery/sms/test",
                Map.of("phoneNumber", DemoRealmUsers.freshPhone(), "message", "settings check"));
        assertEquals(204, response.status(), response.body());
        return env.sms().awaitRequests(1, Duration.ofSeconds(5)).get(0);
    }

    private static void assertBadRequest(Map<String, String> settings, String reason) {
        AdminClient.Response response = admin.put(SETTINGS, settings);
        assertEquals(400, response.status(), response.body());
        assertTrue(response.json().path("errorMessage").asText().contains(reason), response.body());
    }

}
