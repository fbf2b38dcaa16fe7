package io.github.kcrecovery.contacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.admin.DemoRealmUsers;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /admin/realms/demo/recovery/contacts} and the console page's component store behind it. */
class ContactsAdminIT {

    private static final String CONTACTS = "/admin/realms/demo/recovery/contacts";

    private static TestEnvironment env;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
        admin = env.admin();
    }

    @Test
    void createUpdateDelete() {
        AdminClient.Response created = admin.post(CONTACTS, Map.of("name", "Maria Ivanova", "role", "Class teacher",
                "email", "maria@demo.local", "phone", "8 (916) 555-12-34", "hours", "Tue 14:00-16:00", "order", 50,
                "translations", Map.of("ru", Map.of("name", "Мария Иванова", "role", "Классный руководитель"))));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        // stored normalized, readable by id and in the list
        assertEquals("+79165551234", admin.get(CONTACTS + "/" + id).json().path("phone").asText());
        assertTrue(ids(admin.get(CONTACTS).json()).contains(id));
        assertEquals("Классный руководитель", admin.get(CONTACTS + "/" + id).json().path("translations").path("ru").path("role").asText());

        AdminClient.Response updated = admin.put(CONTACTS + "/" + id, Map.of("name", "Maria Ivanova",
                "role", "Deputy head", "email", "maria.i@demo.local"));
        assertEquals(200, updated.status(), updated.body());
        JsonNode read = admin.get(CONTACTS + "/" + id).json();
        assertEquals("Deputy head", read.path("role").asText());
        assertEquals("maria.i@demo.local", read.path("email").asText());
        assertTrue(read.path("phone").isMissingNode(), "a PUT replaces the whole contact: " + read);

        // the very same record is the admin console's page item (a realm component)
        JsonNode component = admin.get("/admin/realms/demo/components/" + id).json();
        assertEquals("org.keycloak.services.ui.extend.UiPageProvider", component.path("providerType").asText());
        assertEquals("recovery-contacts", component.path("providerId").asText());
        assertEquals("Deputy head", component.path("config").path("role").get(0).asText());

        assertEquals(204, admin.delete(CONTACTS + "/" + id).status());
        assertEquals(404, admin.get(CONTACTS + "/" + id).status());
        assertFalse(ids(admin.get(CONTACTS).json()).contains(id));
        assertEquals(404, admin.delete(CONTACTS + "/" + id).status());
    }

    @Test
    void invalidInputIs400WithTheReason() {
        assertBadRequest(Map.of("role", "No name"), "name is required");
        assertBadRequest(Map.of("name", "X", "phone", "12345"), "phone");
        assertBadRequest(Map.of("name", "X", "email", "not-an-address"), "email");
        assertBadRequest(Map.of("name", "x".repeat(101)), "name is longer than 100");
        assertBadRequest(Map.of("name", "X", "translations", Map.of("ru", Map.of("email", "x@y.z"))), "translatable");
        assertBadRequest(Map.of("name", "X", "translations", Map.of("<script>", Map.of("role", "x"))), "language");
        assertBadRequest(Map.of("name", "X", "group", "classes/5A"), "group");
        assertBadRequest(Map.of("name", "Bell\u0007"), "control characters");
        assertEquals(400, admin.post(CONTACTS, "{\"name\":").status());
        assertEquals(400, admin.post(CONTACTS, "{\"unknown\":1}").status());
    }

    @Test
    void theConsolesComponentApiValidatesTheSameWay() {
        AdminClient.Response response = admin.post("/admin/realms/demo/components", Map.of(
                "name", "recovery-contacts", "providerId", "recovery-contacts",
                "providerType", "org.keycloak.services.ui.extend.UiPageProvider",
                "config", Map.of("name", List.of("X"), "phone", List.of("not a phone"))));
        assertEquals(400, response.status(), response.body());
    }

    @Test
    void consoleListsThePages() {
        JsonNode pages = admin.get("/admin/serverinfo").json()
                .path("componentTypes").path("org.keycloak.services.ui.extend.UiPageProvider");
        List<String> ids = pages.findValuesAsText("id");
        assertTrue(ids.containsAll(List.of("recovery-contacts", "recovery-settings", "recovery-sms-gateway")), ids.toString());
    }

    @Test
    void aUserWithoutRealmAdminRightsGets403() {
        String base = env.keycloak().baseUrl();
        // anna: a plain user of the realm
        AdminClient anna = DemoRealmUsers.login(base, "anna", DemoRealmUsers.PASSWORD);
        assertEquals(403, anna.get(CONTACTS).status());
        assertEquals(403, anna.post(CONTACTS, Map.of("name", "Intruder")).status());

        // a user admin (view-users) may neither read nor write the realm's contacts
        String helperId = DemoRealmUsers.create(admin, "viewusers", null, false);
        try {
            DemoRealmUsers.grantAdminRole(admin, helperId, "view-users");
            AdminClient viewer = DemoRealmUsers.login(base, DemoRealmUsers.username(admin, helperId), DemoRealmUsers.PASSWORD);
            assertEquals(403, viewer.get(CONTACTS).status());
            assertEquals(403, viewer.post(CONTACTS, Map.of("name", "Intruder")).status());

            // view-realm reads, but manage-realm is needed to write
            DemoRealmUsers.grantAdminRole(admin, helperId, "view-realm");
            AdminClient realmViewer = DemoRealmUsers.login(base, DemoRealmUsers.username(admin, helperId), DemoRealmUsers.PASSWORD);
            assertEquals(200, realmViewer.get(CONTACTS).status());
            assertEquals(403, realmViewer.post(CONTACTS, Map.of("name", "Intruder")).status());
            String anyId = admin.get(CONTACTS).json().get(0).path("id").asText();
            assertEquals(403, realmViewer.delete(CONTACTS + "/" + anyId).status());
        } finally {
            admin.delete("/admin/realms/demo/users/" + helperId);
        }
        assertFalse(admin.get(CONTACTS).body().contains("Intruder"));
    }

    @Test
    void writesAreAdminEvents() {
        AdminClient.Response created = admin.post(CONTACTS, Map.of("name", "Event check"));
        String id = created.json().path("id").asText();
        admin.delete(CONTACTS + "/" + id);

        JsonNode events = admin.get("/admin/realms/demo/admin-events?resourceTypes=COMPONENT&max=50").json();
        List<String> seen = events.findValuesAsText("resourcePath");
        assertTrue(seen.contains("recovery/contacts/" + id), seen.toString());
    }

    private static void assertBadRequest(Map<String, Object> contact, String reason) {
        AdminClient.Response response = admin.post(CONTACTS, contact);
        assertEquals(400, response.status(), response.body());
        assertTrue(response.json().path("errorMessage").asText().contains(reason), response.body());
    }

    private static List<String> ids(JsonNode contacts) {
        return contacts.findValuesAsText("id");
    }
}
