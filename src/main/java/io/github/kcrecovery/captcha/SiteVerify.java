package io.github.kcrecovery.captcha;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.Logger;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The site-verify call shared by Turnstile, hCaptcha and reCAPTCHA: POST {@code secret}, {@code response} and
 * {@code remoteip} as a form, read {@code success} from the JSON answer. Any error counts as "not verified".
 */
final class SiteVerify {

    private static final Logger LOG = Logger.getLogger(SiteVerify.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;

    SiteVerify(HttpClient http) {
        this.http = http;
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    boolean verify(String verifyUrl, String secret, String response, String remoteIp) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("secret", secret);
        form.put("response", response);
        if (remoteIp != null) {
            form.put("remoteip", remoteIp);
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(verifyUrl)).timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                LOG.warnf("captcha verify answered HTTP %d", answer.statusCode());
                return false;
            }
            JsonNode json = JsonSerialization.readValue(answer.body(), JsonNode.class);
            return json.path("success").asBoolean(false);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("captcha verify failed: %s", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
