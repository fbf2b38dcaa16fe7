package io.github.kcrecovery.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcrecovery.testing.AdminClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Prepares a server for the load driver through the admin REST API:
 * <ul>
 * <li>realm {@code stock}: Keycloak's built-in "reset credentials" flow, the demo realm's SMTP, events and
 * brute-force settings, and the same bench accounts, as the baseline;</li>
 * <li>realm {@code demo}: the bench accounts, every {@code max...} limit of the recovery flow's step configs raised to
 * {@value #GENEROUS} and every cooldown set to 0 (one IP sends everything, so the real limits would turn the run into
 * "limit reached" pages), and the captcha steps DISABLED (a person solves them; a driver cannot);</li>
 * <li>both: login and user-action lifespans of 120 s, so the auth sessions a run leaves behind expire before the
 * heap is measured again.</li>
 * </ul>
 */
final class BenchRealms {

    static final String OURS = "demo";
    static final String STOCK = "stock";
    static final String GENEROUS = "1000000";
    static final int SESSION_LIFESPAN_SECONDS = 120;

    private final AdminClient admin;

    BenchRealms(AdminClient admin) {
        this.admin = admin;
    }

    /** Our realm with {@code accounts} bench accounts (0 when they come from {@link UserFill}); returns what changed. */
    List<String> prepareOurs(int accounts) {
        if (accounts > 0) {
            importUsers(OURS, accounts);
        }
        shortLifespans(OURS);
        List<String> changes = new ArrayList<>(generousLimits());
        changes.add("login and user-action lifespans: " + SESSION_LIFESPAN_SECONDS + " s");
        return changes;
    }

    /** The baseline realm; returns what was made. */
    String prepareStock(int accounts) {
        createStock(accounts);
        return "realm '" + STOCK + "': Keycloak's built-in reset-credentials flow, " + accounts + " accounts, "
                + "lifespans " + SESSION_LIFESPAN_SECONDS + " s";
    }

    private void importUsers(String realm, int accounts) {
        List<Map<String, Object>> users = BenchUsers.representations(accounts);
        for (int from = 0; from < users.size(); from += 500) {
            Map<String, Object> body = Map.of("ifResourceExists", "SKIP",
                    "users", users.subList(from, Math.min(users.size(), from + 500)));
            check(admin.post("/admin/realms/" + realm + "/partialImport", body), "importing bench users into " + realm);
        }
    }

    private void shortLifespans(String realm) {
        check(admin.put("/admin/realms/" + realm, Map.of("accessCodeLifespanLogin", SESSION_LIFESPAN_SECONDS,
                "accessCodeLifespanUserAction", SESSION_LIFESPAN_SECONDS)), "lifespans of " + realm);
    }

    private List<String> generousLimits() {
        JsonNode realm = admin.get("/admin/realms/" + OURS).json();
        String flow = realm.path("resetCredentialsFlow").asText();
        List<String> changes = new ArrayList<>();
        changes.add("demo reset-credentials flow: '" + flow + "'");
        String flowPath = "/admin/realms/" + OURS + "/authentication/flows/"
                + URLEncoder.encode(flow, StandardCharsets.UTF_8).replace("+", "%20");
        for (JsonNode execution : admin.get(flowPath + "/executions").json()) {
            String provider = execution.path("providerId").asText();
            if (provider.equals("recovery-captcha") && !"DISABLED".equals(execution.path("requirement").asText())) {
                ObjectNode disabled = ((ObjectNode) execution).put("requirement", "DISABLED");
                check(admin.put(flowPath + "/executions", disabled), "disabling " + provider);
                changes.add("captcha execution " + execution.path("id").asText() + " DISABLED");
            }
            String configId = execution.path("authenticationConfig").asText(null);
            if (configId == null) {
                continue;
            }
            String path = "/admin/realms/" + OURS + "/authentication/config/" + configId;
            ObjectNode config = (ObjectNode) admin.get(path).json();
            Map<String, String> values = new HashMap<>();
            boolean changed = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = config.path("config").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                String value = e.getValue().asText();
                if (key.startsWith("max") && !value.equals(GENEROUS)) {
                    value = GENEROUS;
                    changed = true;
                } else if (key.toLowerCase().contains("cooldown") && !value.equals("0")) {
                    value = "0";
                    changed = true;
                }
                values.put(key, value);
            }
            if (changed) {
                config.set("config", AdminClient.JSON.valueToTree(values));
                check(admin.put(path, config), "config " + config.path("alias").asText());
                changes.add(provider + " (" + config.path("alias").asText() + "): max* = " + GENEROUS + ", cooldowns = 0");
            }
        }
        return changes;
    }

    private void createStock(int accounts) {
        if (admin.get("/admin/realms/" + STOCK).status() == 200) {
            importUsers(STOCK, accounts);
            return;
        }
        JsonNode demo = admin.get("/admin/realms/" + OURS).json();
        Map<String, Object> realm = new HashMap<>();
        realm.put("realm", STOCK);
        realm.put("enabled", true);
        realm.put("resetPasswordAllowed", true);
        realm.put("loginWithEmailAllowed", true);
        realm.put("smtpServer", demo.path("smtpServer"));
        realm.put("eventsEnabled", demo.path("eventsEnabled").asBoolean());
        realm.put("eventsExpiration", demo.path("eventsExpiration").asLong());
        realm.put("bruteForceProtected", demo.path("bruteForceProtected").asBoolean());
        realm.put("accessCodeLifespanLogin", SESSION_LIFESPAN_SECONDS);
        realm.put("accessCodeLifespanUserAction", SESSION_LIFESPAN_SECONDS);
        check(admin.post("/admin/realms", realm), "creating realm " + STOCK);
        importUsers(STOCK, accounts);
    }

    private static void check(AdminClient.Response response, String what) {
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(what + " failed: " + response.status() + " " + response.body());
        }
    }
}
