package io.github.kcrecovery.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JSON over HTTP with a bearer token from a password grant on a realm's {@code admin-cli} client. The token is renewed
 * before it expires (master's admin-cli tokens live 60 s). Paths are relative to the server, e.g.
 * {@code client.get("/admin/realms/demo/users?username=alice")}.
 */
public final class AdminClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** A status and a body; {@link #json()} parses the body. */
    public record Response(int status, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String realm;
    private final String username;
    private final String password;
    private String token;
    private Instant tokenExpiry = Instant.MIN;

    private AdminClient(String baseUrl, String realm, String username, String password) {
        this.baseUrl = baseUrl;
        this.realm = realm;
        this.username = username;
        this.password = password;
    }

    /** Logs in as {@code username} of {@code realm}; fails if the password grant is refused. */
    public static AdminClient login(String baseUrl, String realm, String username, String password) {
        AdminClient client = new AdminClient(baseUrl, realm, username, password);
        client.token();
        return client;
    }

    /** The current access token, renewed if it is about to expire. */
    public synchronized String token() {
        if (Instant.now().isAfter(tokenExpiry)) {
            String form = Map.of("grant_type", "password", "client_id", "admin-cli", "username", username,
                            "password", password).entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            Response response = send(HttpRequest.newBuilder(URI.create(
                            baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            if (response.status() != 200) {
                throw new AssertionError("token for " + username + "@" + realm + " refused: " + response);
            }
            JsonNode json = response.json();
            token = json.get("access_token").asText();
            tokenExpiry = Instant.now().plusSeconds(json.get("expires_in").asLong() - 10);
        }
        return token;
    }

    public Response get(String path) {
        return send(authorized(path).GET());
    }

    public Response delete(String path) {
        return send(authorized(path).DELETE());
    }

    /** POSTs {@code body} as JSON: a String is sent as it is, anything else is serialized with Jackson. */
    public Response post(String path, Object body) {
        return send(authorized(path).POST(json(body)));
    }

    public Response put(String path, Object body) {
        return send(authorized(path).PUT(json(body)));
    }

    /**
     * Creates a user from a UserRepresentation-shaped map (at least {@code username}) with a non-temporary
     * password, and returns the user's id.
     */
    public String createUser(String realm, Map<String, Object> user, String password) {
        Map<String, Object> withPassword = new HashMap<>(user);
        withPassword.put("enabled", true);
        withPassword.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        Response created = post("/admin/realms/" + realm + "/users", withPassword);
        if (created.status() != 201) {
            throw new AssertionError("creating user " + user.get("username") + " failed: " + created);
        }
        String username = URLEncoder.encode(String.valueOf(user.get("username")), StandardCharsets.UTF_8);
        return get("/admin/realms/" + realm + "/users?exact=true&username=" + username).json().get(0).get("id").asText();
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(
                    body instanceof String s ? s : JSON.writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
