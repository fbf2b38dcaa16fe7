package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.outbound.OutboundHttp;
import io.github.kcrecovery.outbound.OutboundRules;
import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.sms.SmsSendException.Failure;
import io.github.kcrecovery.sms.SmsSenderProvider;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.apache.http.entity.ByteArrayEntity;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Sends through one HTTP gateway described by {@link HttpGatewaySettings}. Error messages name the failure class and
 * the gateway's host, never the URL (it may hold the key and the text), the number, the text or the answer.
 */
public class HttpSmsSenderProvider implements SmsSenderProvider {

    private final OutboundHttp client;
    private final HttpGatewaySettings settings;
    private final UnaryOperator<String> secretResolver;

    /**
     * @param client         for a realm's own gateway, one with the realm rules (hosts, addresses, timeout cap)
     * @param secretResolver turns a configured value, possibly a vault reference, into the secret; null when the
     *                       vault has no such entry
     */
    public HttpSmsSenderProvider(OutboundHttp client, HttpGatewaySettings settings, UnaryOperator<String> secretResolver) {
        this.client = client;
        this.settings = settings;
        this.secretResolver = secretResolver;
    }

    @Override
    public void send(String phoneNumber, String text) throws SmsSendException {
        HttpRequestBase request = buildRequest(phoneNumber, text);
        String gateway = request.getURI().getHost();
        OutboundHttp.Answer answer;
        try {
            answer = client.execute(request, settings.connectTimeout(), settings.readTimeout());
        } catch (IOException e) {
            throw failed(gateway, e);
        }
        settings.success().check(answer.status(), answer.body());
    }

    private HttpRequestBase buildRequest(String phoneNumber, String text) throws SmsSendException {
        Map<String, String> values = new HashMap<>();
        values.put(MessageTemplate.PHONE, settings.phoneFormat().format(phoneNumber));
        values.put(MessageTemplate.TEXT, text);
        values.put(MessageTemplate.FROM, resolve(HttpGatewaySettings.FROM, settings.from()));
        values.put(MessageTemplate.USERNAME, resolve(HttpGatewaySettings.USERNAME, settings.username()));
        values.put(MessageTemplate.PASSWORD, resolve(HttpGatewaySettings.PASSWORD, settings.password()));
        values.put(MessageTemplate.API_KEY, resolve(HttpGatewaySettings.API_KEY, settings.apiKey()));

        URI uri;
        try {
            uri = URI.create(settings.url().render(values, Escaping.URL));
        } catch (IllegalArgumentException e) {
            // not chained: the parser's message quotes the whole URL
            throw new SmsSendException(Failure.INVALID_SETTINGS, "the url option does not give a valid URL");
        }
        if (uri.getHost() == null) {
            throw new SmsSendException(Failure.INVALID_SETTINGS, "the url option gives a URL without a host");
        }
        HttpRequestBase request;
        if (settings.method() == HttpGatewaySettings.Method.GET) {
            request = new HttpGet(uri);
        } else {
            HttpPost post = new HttpPost(uri);
            if (settings.body() != null) {
                post.setHeader("Content-Type", settings.contentType().header);
                post.setEntity(new ByteArrayEntity(settings.body().render(values, settings.contentType().escaping)
                        .getBytes(StandardCharsets.UTF_8)));
            }
            request = post;
        }
        request.setHeader("Accept", "application/json");
        String apiKey = values.get(MessageTemplate.API_KEY);
        String authorization = switch (settings.authType()) {
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString(
                    (values.get(MessageTemplate.USERNAME) + ":" + values.get(MessageTemplate.PASSWORD)).getBytes(StandardCharsets.UTF_8));
            case BEARER -> "Bearer " + apiKey;
            case HEADER -> settings.authHeaderPrefix() == null ? apiKey : settings.authHeaderPrefix() + " " + apiKey;
            case NONE -> null;
        };
        if (authorization != null) {
            if (authorization.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                // the value is not quoted: it holds the secret (e.g. a vault entry with a line break)
                throw new SmsSendException(Failure.INVALID_SETTINGS, "the " + settings.authType().name().toLowerCase(Locale.ROOT)
                        + " authentication header cannot be built from the configured values");
            }
            request.setHeader(settings.authType() == HttpGatewaySettings.AuthType.HEADER ? settings.authHeader() : "Authorization",
                    authorization);
        }
        return request;
    }

    private String resolve(String option, String configured) throws SmsSendException {
        if (configured == null) {
            return null;
        }
        String secret = secretResolver.apply(configured);
        if (secret == null) {
            throw new SmsSendException(Failure.INVALID_SETTINGS, "option " + option + " refers to a vault entry that does not exist");
        }
        return secret;
    }

    /** The failure's class only: exception messages may quote what an internal service said. */
    private static SmsSendException failed(String gateway, IOException cause) {
        String where = "SMS gateway " + gateway;
        if (cause instanceof OutboundHttp.HostNotAllowedException) {
            return new SmsSendException(Failure.HOST_NOT_ALLOWED, "the server does not list " + gateway + " for realm gateways");
        }
        if (cause instanceof OutboundRules.AddressNotAllowedException) {
            return new SmsSendException(Failure.ADDRESS_NOT_ALLOWED, where + " resolves to an internal address the server does not allow");
        }
        if (cause instanceof UnknownHostException) {
            return new SmsSendException(Failure.UNKNOWN_HOST, where + " could not be resolved");
        }
        if (cause instanceof ConnectTimeoutException) {
            return new SmsSendException(Failure.TIMEOUT, "could not connect to " + where + " in time");
        }
        if (cause instanceof SocketTimeoutException) {
            return new SmsSendException(Failure.TIMEOUT, where + " did not answer in time");
        }
        if (cause instanceof HttpHostConnectException) {
            return new SmsSendException(Failure.CONNECTION_REFUSED, where + " refused the connection");
        }
        if (cause instanceof SSLException) {
            return new SmsSendException(Failure.TLS_FAILURE, "no trusted TLS connection to " + where);
        }
        if (cause instanceof InterruptedIOException) {
            return new SmsSendException(Failure.INTERRUPTED, "sending through " + where + " was interrupted");
        }
        return new SmsSendException(Failure.CONNECTION_FAILED, "sending through " + where + " failed ("
                + cause.getClass().getSimpleName() + ")");
    }

    @Override
    public void close() {
    }
}
