package io.github.kcrecovery.captcha;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.outbound.OutboundHttp;
import io.github.kcrecovery.outbound.OutboundRules;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The site-verify call shared by Turnstile, hCaptcha and reCAPTCHA: POST {@code secret}, {@code response} and
 * {@code remoteip} as a form, read {@code success} from the JSON answer. Any error counts as "not verified".
 *
 * <p>The verify URL is a realm admin's choice, so it follows the rules of every realm-chosen URL
 * ({@link OutboundRules}): a host the server lists ({@code --spi-authenticator--recovery-captcha--verify-hosts},
 * default the three providers' own verify hosts), an address that is not internal unless the server allows its
 * network ({@code --spi-authenticator--recovery-captcha--verify-allowed-networks}, default none), 5 s at most.
 */
final class SiteVerify {

    static final String VERIFY_HOSTS = "verify-hosts";
    static final String VERIFY_ALLOWED_NETWORKS = "verify-allowed-networks";
    static final String DEFAULT_VERIFY_HOSTS = "challenges.cloudflare.com:443,api.hcaptcha.com:443,www.google.com:443";
    private static final Logger LOG = Logger.getLogger(SiteVerify.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final OutboundHttp http;

    SiteVerify(OutboundHttp http) {
        this.http = http;
    }

    /** A client under the server's options of the captcha provider ({@code recovery-captcha}). */
    static OutboundHttp newClient() {
        Config.Scope config = Config.scope("authenticator", RecoveryCaptchaFactory.PROVIDER_ID);
        return newClient(config.get(VERIFY_HOSTS), config.get(VERIFY_ALLOWED_NETWORKS));
    }

    static OutboundHttp newClient(String hosts, String allowedNetworks) {
        return new OutboundHttp(OutboundRules.parse(hosts, DEFAULT_VERIFY_HOSTS, allowedNetworks, TIMEOUT.toMillis()), 16);
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
            HttpPost post = new HttpPost(URI.create(verifyUrl));
            post.setEntity(new StringEntity(body, ContentType.APPLICATION_FORM_URLENCODED));
            OutboundHttp.Answer answer = http.execute(post, TIMEOUT, TIMEOUT);
            if (answer.status() != 200) {
                LOG.warnf("captcha verify answered HTTP %d", answer.status());
                return false;
            }
            JsonNode json = JsonSerialization.readValue(answer.body(), JsonNode.class);
            return json.path("success").asBoolean(false);
        } catch (IOException | IllegalArgumentException e) {
            // the class only: the message may name what an internal address answered
            LOG.warnf("captcha verify failed: %s", e.getClass().getSimpleName());
            return false;
        }
    }
}
