package io.github.kcrecovery.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo realm's own SMS gateway settings ({@code /admin/realms/demo/recovery/sms/settings}) over the server's
 * {@code http} sender, seen at the stub gateway through the "send test SMS" action.
 */
class AdminSmsSettingsIT {

    private static final String SETTINGS = "/admin/realms/demo/recovery/sms/settings";
    private static final String MASK = "**********";

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
                Map.of("phoneNumber", "+79161234567", "message", "settings check"));
        assertEquals(204, response.status(), response.body());
        return env.sms().awaitRequests(1, Duration.ofSeconds(5)).get(0);
    }

    private static void assertBadRequest(Map<String, String> settings, String reason) {
        AdminClient.Response response = admin.put(SETTINGS, settings);
        assertEquals(400, response.status(), response.body());
        assertTrue(response.json().path("errorMessage").asText().contains(reason), response.body());
    }
}
