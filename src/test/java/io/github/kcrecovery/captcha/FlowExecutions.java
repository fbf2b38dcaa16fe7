package io.github.kcrecovery.captcha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcrecovery.testing.AdminClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads and changes executions of the demo realm's recovery flows through the admin REST API, and puts them
 * back: integration tests share one server, so whatever a test changes it restores.
 */
public final class FlowExecutions {

    public static final String REALM = "demo";
    public static final String USERNAME_FLOW = "recovery - forgot username";
    public static final String IDENTIFY_FLOW = "recovery - identify";
    public static final String TOP_FLOW = "recovery reset credentials";

    /** Puts back what an override changed. */
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    private final AdminClient admin;

    public FlowExecutions(AdminClient admin) {
        this.admin = admin;
    }

    /** The execution of {@code providerId} directly in {@code flowAlias}. */
    public JsonNode execution(String flowAlias, String providerId) {
        AdminClient.Response response = admin.get(flowPath(flowAlias) + "/executions");
        if (response.status() != 200) {
            throw new AssertionError("executions of " + flowAlias + ": " + response);
        }
        for (JsonNode execution : response.json()) {
            if (providerId.equals(execution.path("providerId").asText()) && execution.path("level").asInt() == 0) {
                return execution;
            }
        }
        throw new AssertionError("no " + providerId + " in " + flowAlias + ": " + response.body());
    }

    public Map<String, String> config(String flowAlias, String providerId) {
        JsonNode config = admin.get(configPath(flowAlias, providerId)).json().path("config");
        Map<String, String> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), e.getValue().asText());
        }
        return values;
    }

    public void setConfig(String flowAlias, String providerId, Map<String, String> values) {
        String path = configPath(flowAlias, providerId);
        ObjectNode config = (ObjectNode) admin.get(path).json();
        config.set("config", AdminClient.JSON.valueToTree(values));
        AdminClient.Response response = admin.put(path, config);
        if (response.status() / 100 != 2) {
            throw new AssertionError("updating config of " + providerId + ": " + response);
        }
    }

    /** Changes some config values of an execution until the returned handle is closed. */
    public Restore override(String flowAlias, String providerId, Map<String, String> changes) {
        Map<String, String> saved = config(flowAlias, providerId);
        Map<String, String> changed = new HashMap<>(saved);
        changed.putAll(changes);
        setConfig(flowAlias, providerId, changed);
        return () -> setConfig(flowAlias, providerId, saved);
    }

    /** Sets an execution's requirement (REQUIRED, DISABLED) until the returned handle is closed. */
    public Restore overrideRequirement(String flowAlias, String providerId, String requirement) {
        String saved = requirement(flowAlias, providerId);
        setRequirement(flowAlias, providerId, requirement);
        return () -> setRequirement(flowAlias, providerId, saved);
    }

    public String requirement(String flowAlias, String providerId) {
        return execution(flowAlias, providerId).path("requirement").asText();
    }

    public void setRequirement(String flowAlias, String providerId, String requirement) {
        ObjectNode execution = (ObjectNode) execution(flowAlias, providerId);
        execution.put("requirement", requirement);
        AdminClient.Response response = admin.put(flowPath(flowAlias) + "/executions", execution);
        if (response.status() / 100 != 2) {
            throw new AssertionError("setting " + providerId + " to " + requirement + ": " + response);
        }
    }

    private String configPath(String flowAlias, String providerId) {
        String id = execution(flowAlias, providerId).path("authenticationConfig").asText(null);
        if (id == null) {
            throw new AssertionError(providerId + " in " + flowAlias + " has no config");
        }
        return "/admin/realms/" + REALM + "/authentication/config/" + id;
    }

    private static String flowPath(String flowAlias) {
        return "/admin/realms/" + REALM + "/authentication/flows/"
                + URLEncoder.encode(flowAlias, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
