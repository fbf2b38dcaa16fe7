package io.github.kcrecovery.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.Smoke;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /admin/realms/demo/recovery/users/{id}/send-recovery-sms} through the stub gateway and the real link. */
class AdminSmsRecoveryIT {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");
    private static final String SETTINGS = "/admin/realms/demo/recovery/settings";

    private static TestEnvironment env;
    private static AdminClient admin;
    private static final List<String> createdUsers = new ArrayList<>();

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
        admin = env.admin();
    }

    @AfterAll
    static void removeUsers() {
        createdUsers.forEach(id -> admin.delete("/admin/realms/demo/users/" + id));
    }

    @BeforeEach
    void clearGateway() {
        env.sms().clear();
    }

    @Test
    @Smoke
    void sendsExactlyOneSmsWhoseLinkSetsANewPassword() throws Exception {
        String phone = "+79160000101";
        String userId = user(phone, true);

        AdminClient.Response response = send(admin, userId);

        assertEquals(200, response.status(), response.body());
        String masked = response.json().path("maskedPhone").asText();
        assertTrue(masked.startsWith("+7 ") && masked.endsWith("01") && masked.contains("•") && !masked.contains("916"), masked);
        assertEquals(600, response.json().path("expiresInSeconds").asInt());
        SmsGatewayStub.Request sms = onlySms();
        JsonNode body = AdminClient.JSON.readTree(sms.body());
        assertEquals(phone, body.path("to").asText());
        String link = link(body.path("text").asText());
        assertTrue(link.length() < 90, "a short link for SMS: " + link);

        String newPassword = "New-Password-7";
        BrowserlessSession browser = openUpdatePasswordPage(link);
        browser.submit("#kc-passwd-update-form", Map.of("password-new", newPassword, "password-confirm", newPassword));
        assertEquals(200, browser.status());
        assertTrue(browser.document().text().contains("Your account has been updated"), browser.document().text());
        // issue 14: the last page leads on to the account console, where the person signs in
        assertNotNull(browser.document().selectFirst("a[href*='/realms/demo/account']"), browser.document().html());

        String username = DemoRealmUsers.username(admin, userId);
        assertNotNull(DemoRealmUsers.login(env.keycloak().baseUrl(), username, newPassword).token());
        assertThrows(AssertionError.class, () -> DemoRealmUsers.login(env.keycloak().baseUrl(), username, DemoRealmUsers.PASSWORD));

        // single use: the same link again, in another browser, is refused
        BrowserlessSession again = env.browser().get(link);
        assertNull(again.document().selectFirst("#kc-passwd-update-form"), again.document().text());
        assertTrue(again.document().text().matches("(?s).*(expired|invalid|no longer valid).*"), again.document().text());
    }

    @Test
    void aUserWithoutConfirmedPhoneIsAClear400() {
        String unconfirmed = user("+79160000102", false);
        String noPhone = user(null, false);

        for (String id : List.of(unconfirmed, noPhone)) {
            AdminClient.Response response = send(admin, id);
            assertEquals(400, response.status(), response.body());
            assertTrue(response.json().path("errorMessage").asText().contains("no confirmed phone number"), response.body());
        }
        assertEquals(0, env.sms().requests().size());
    }

    @Test
    void theLinkExpires() throws Exception {
        Map<String, String> before = DemoRealmUsers.recoverySettings(admin);
        String userId = user("+79160000103", true);
        String link;
        try {
            Map<String, String> shortLife = new java.util.HashMap<>(before);
            shortLife.put("admin-sms-link-lifespan-seconds", "5");
            assertEquals(204, admin.put(SETTINGS, shortLife).status());
            AdminClient.Response response = send(admin, userId);
            assertEquals(200, response.status(), response.body());
            assertEquals(5, response.json().path("expiresInSeconds").asInt());
            link = link(AdminClient.JSON.readTree(onlySms().body()).path("text").asText());
        } finally {
            assertEquals(204, admin.put(SETTINGS, before).status());
        }
        Thread.sleep(7000);
        BrowserlessSession browser = env.browser().get(link);
        assertNull(browser.document().selectFirst("#kc-passwd-update-form"), browser.document().text());
        assertTrue(browser.document().text().contains("expired"), browser.document().text());
    }

    @Test
    void anAdminWithoutPermissionOnTheUserGets403() {
        String target = user("+79160000104", true);
        String base = env.keycloak().baseUrl();

        assertEquals(403, send(DemoRealmUsers.login(base, "anna", DemoRealmUsers.PASSWORD), target).status());

        String viewerId = user(null, false);
        DemoRealmUsers.grantAdminRole(admin, viewerId, "view-users");
        AdminClient viewer = DemoRealmUsers.login(base, DemoRealmUsers.username(admin, viewerId), DemoRealmUsers.PASSWORD);
        assertEquals(403, send(viewer, target).status());
        assertEquals(0, env.sms().requests().size());

        // the demo realm's own user admin (manage-users) may
        AdminClient schoolAdmin = DemoRealmUsers.login(base, "schooladmin", DemoRealmUsers.PASSWORD);
        assertEquals(200, send(schoolAdmin, target).status());
        assertEquals(1, env.sms().requests().size());
    }

    @Test
    void oneSmsPerUserPerMinute() throws Exception {
        String userId = user("+79160000105", true);
        assertEquals(200, send(admin, userId).status());
        AdminClient.Response second = send(admin, userId);
        assertEquals(429, second.status(), second.body());
        Thread.sleep(500);
        assertEquals(1, env.sms().requests().size());
    }

    @Test
    void recordsAnAdminEvent() {
        String userId = user("+79160000106", true);
        assertEquals(200, send(admin, userId).status());

        JsonNode events = admin.get("/admin/realms/demo/admin-events?operationTypes=ACTION&resourceTypes=USER&max=100").json();
        boolean found = false;
        for (JsonNode event : events) {
            if (event.path("resourcePath").asText().equals("recovery/users/" + userId + "/send-recovery-sms")) {
                found = true;
                assertTrue(event.path("representation").asText().contains("•"), "masked phone only: " + event);
                assertTrue(!event.toString().contains("+79160000106"), "no full phone number in the event");
            }
        }
        assertTrue(found, events.toString());
    }

    /** What the console's "Recovery SMS" tab on the user page does on Save (the component API, as the console). */
    @Test
    void theConsoleUserTabSendsTheSameSms() throws Exception {
        String userId = user("+79160000107", true);
        String realmId = admin.get("/admin/realms/demo").json().path("id").asText();
        String tabs = "/admin/realms/demo/components";
        Map<String, Object> save = Map.of("name", "recovery-sms", "providerId", "recovery-sms", "parentId", realmId,
                "providerType", "org.keycloak.services.ui.extend.UiTabProvider",
                "config", Map.of("send-recovery-sms", List.of("true"), "id", List.of(userId), "realm", List.of("demo"),
                        "tab", List.of("recovery-sms")));

        String existing = admin.get(tabs + "?type=org.keycloak.services.ui.extend.UiTabProvider").json().findValuesAsText("id")
                .stream().findFirst().orElse(null);
        AdminClient.Response saved = existing == null ? admin.post(tabs, save) : admin.put(tabs + "/" + existing, save);
        assertTrue(saved.status() == 201 || saved.status() == 204, saved.body());
        assertEquals("+79160000107", AdminClient.JSON.readTree(onlySms().body()).path("to").asText());

        // nothing about the user is kept in the realm's one tab component
        JsonNode stored = admin.get(tabs + "?type=org.keycloak.services.ui.extend.UiTabProvider").json().get(0);
        assertTrue(stored.path("config").path("id").isMissingNode(), stored.toString());
        assertFalse(stored.toString().contains(userId), stored.toString());

        // a refusal is what the console shows: here, no confirmed phone
        String noPhone = user(null, false);
        Map<String, Object> again = new java.util.HashMap<>(save);
        again.put("config", Map.of("send-recovery-sms", List.of("true"), "id", List.of(noPhone)));
        AdminClient.Response refused = admin.put(tabs + "/" + stored.path("id").asText(), again);
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("no confirmed phone number"), refused.body());
        assertEquals(1, env.sms().requests().size());
    }

    @Test
    void unknownUserIs404() {
        assertEquals(404, send(admin, "00000000-0000-0000-0000-000000000000").status());
    }

    /** The commands of docs/admin.md, with the distribution's own kcadm.sh. */
    @Test
    void kcadmSendsTheRecoverySmsAsDocumented() throws Exception {
        String phone = "+79160000109";
        String userId = user(phone, true);
        String username = DemoRealmUsers.username(admin, userId);
        Path config = Files.createTempFile("kcadm", ".config");
        try {
            kcadm(config, "config", "credentials", "--server", env.keycloak().baseUrl(), "--realm", "master",
                    "--user", "admin", "--password", "admin");
            String id = kcadm(config, "get", "users", "-r", "demo", "-q", "username=" + username, "--fields", "id",
                    "--format", "csv", "--noquotes").strip();
            assertEquals(userId, id);
            kcadm(config, "create", "realms/demo/recovery/users/" + id + "/send-recovery-sms", "-b", "{}");
        } finally {
            Files.deleteIfExists(config);
        }
        assertEquals(phone, AdminClient.JSON.readTree(onlySms().body()).path("to").asText());
    }

    /** Runs kcadm.sh with its own config file; returns its standard output, failing on a non-zero exit. */
    private static String kcadm(Path config, String... args) throws Exception {
        // through bash: the unpacked distribution's scripts may have lost their execute bit
        List<String> command = new ArrayList<>(List.of("bash",
                Path.of(System.getProperty("keycloak.dist.dir"), "bin", "kcadm.sh").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "kcadm.sh " + args[0] + " did not finish");
        assertEquals(0, process.exitValue(), "kcadm.sh " + String.join(" ", args) + ":\n" + output);
        return output;
    }

    private static AdminClient.Response send(AdminClient client, String userId) {
        return client.post("/admin/realms/demo/recovery/users/" + userId + "/send-recovery-sms", "{}");
    }

    private static String user(String phone, boolean verified) {
        String id = DemoRealmUsers.create(admin, "sms", phone, verified);
        createdUsers.add(id);
        return id;
    }

    private static SmsGatewayStub.Request onlySms() throws InterruptedException {
        List<SmsGatewayStub.Request> requests = env.sms().awaitRequests(1, Duration.ofSeconds(5));
        Thread.sleep(300);
        assertEquals(1, env.sms().requests().size(), "exactly one SMS");
        return requests.get(0);
    }

    private static String link(String text) {
        Matcher m = LINK.matcher(text);
        assertTrue(m.find(), text);
        return m.group();
    }

    /** A new browser on the link: the password form at once (issue 14: no "Perform the following action(s)" page). */
    private static BrowserlessSession openUpdatePasswordPage(String link) {
        BrowserlessSession browser = env.browser().get(link);
        assertEquals(200, browser.status(), browser.document().text());
        assertNotNull(browser.document().selectFirst("#kc-passwd-update-form"), browser.document().text());
        return browser;
    }
}
