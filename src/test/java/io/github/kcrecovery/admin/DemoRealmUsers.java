package io.github.kcrecovery.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.testing.AdminClient;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Throw-away users of the demo realm for tests that change passwords or roles (the demo users stay as imported). */
public final class DemoRealmUsers {

    public static final String REALM = "demo";
    public static final String PASSWORD = "Password-1";

    private DemoRealmUsers() {
    }

    /** A mobile number no other test uses: every SMS counts against its number's hourly limit. */
    public static String freshPhone() {
        return "+7916" + (1000000 + new java.security.SecureRandom().nextInt(9000000));
    }

    /** A new user; {@code phone} null for none, {@code verified} says whether it counts as confirmed. */
    public static String create(AdminClient admin, String prefix, String phone, boolean verified) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> user = phone == null
                ? Map.of("username", username, "email", username + "@demo.local", "firstName", "Test", "lastName", "User")
                : Map.of("username", username, "email", username + "@demo.local", "firstName", "Test", "lastName", "User",
                "attributes", verified
                        ? Map.of("phoneNumber", List.of(phone), "phoneNumberVerified", List.of("true"), "phoneNumberConfirmed", List.of(phone))
                        : Map.of("phoneNumber", List.of(phone), "phoneNumberVerified", List.of("false")));
        return admin.createUser(REALM, user, PASSWORD);
    }

    public static String username(AdminClient admin, String userId) {
        return admin.get("/admin/realms/" + REALM + "/users/" + userId).json().path("username").asText();
    }

    /** Gives the user one role of the realm's {@code realm-management} client (e.g. view-users). */
    public static void grantAdminRole(AdminClient admin, String userId, String role) {
        String clientId = admin.get("/admin/realms/" + REALM + "/clients?clientId=realm-management").json().get(0).path("id").asText();
        JsonNode roleRep = admin.get("/admin/realms/" + REALM + "/clients/" + clientId + "/roles/" + role).json();
        AdminClient.Response mapped = admin.post("/admin/realms/" + REALM + "/users/" + userId + "/role-mappings/clients/" + clientId,
                List.of(Map.of("id", roleRep.path("id").asText(), "name", role)));
        if (mapped.status() != 204) {
            throw new AssertionError("granting " + role + " failed: " + mapped);
        }
    }

    /** The demo realm's recovery settings as the REST endpoint gives them, to restore after a test. */
    public static Map<String, String> recoverySettings(AdminClient admin) {
        Map<String, String> values = new java.util.HashMap<>();
        admin.get("/admin/realms/" + REALM + "/recovery/settings").json().fields()
                .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    /** A client acting with the token of a demo-realm user (admin-cli, password grant). */
    public static AdminClient login(String baseUrl, String username, String password) {
        return AdminClient.login(baseUrl, REALM, username, password);
    }
}
