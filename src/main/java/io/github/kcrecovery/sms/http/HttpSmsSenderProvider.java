package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.sms.SmsSenderProvider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Sends through one HTTP gateway described by {@link HttpGatewaySettings}. Error messages name the gateway's host
 * and what went wrong, never the URL (it may hold the key and the text), the number or the text.
 */
public class HttpSmsSenderProvider implements SmsSenderProvider {

    private final HttpClient client;
    private final HttpGatewaySettings settings;
    private final UnaryOperator<String> secretResolver;

    /**
     * @param secretResolver turns a configured value, possibly a vault reference, into the secret; null when the
     *                       vault has no such entry
     */
    public HttpSmsSenderProvider(HttpClient client, HttpGatewaySettings settings, UnaryOperator<String> secretResolver) {
        this.client = client;
        this.settings = settings;
        this.secretResolver = secretResolver;
    }

    @Override
    public void send(String phoneNumber, String text) throws SmsSendException {
        HttpRequest request = buildRequest(phoneNumber, text);
        String gateway = request.uri().getHost();
        // the request timeout ends when the headers arrive; waiting on the future also bounds a slow body
        CompletableFuture<HttpResponse<String>> answer =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = answer.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw timedOut(gateway, e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new SmsSendException("Interrupted while sending through SMS gateway " + gateway, e);
        } catch (ExecutionException e) {
            throw failed(gateway, e.getCause());
        }
        settings.success().check(response.statusCode(), response.body());
    }

    private HttpRequest buildRequest(String phoneNumber, String text) throws SmsSendException {
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
            throw new SmsSendException("The url option does not give a valid URL");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.readTimeout())
                .header("Accept", "application/json");
        if (settings.method() == HttpGatewaySettings.Method.GET) {
            request.GET();
        } else if (settings.body() == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", settings.contentType().header)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            settings.body().render(values, settings.contentType().escaping), StandardCharsets.UTF_8));
        }
        String apiKey = values.get(MessageTemplate.API_KEY);
        try {
            switch (settings.authType()) {
                case BASIC -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (values.get(MessageTemplate.USERNAME) + ":" + values.get(MessageTemplate.PASSWORD))
                                .getBytes(StandardCharsets.UTF_8)));
                case BEARER -> request.header("Authorization", "Bearer " + apiKey);
                case HEADER -> request.header(settings.authHeader(),
                        settings.authHeaderPrefix() == null ? apiKey : settings.authHeaderPrefix() + " " + apiKey);
                case NONE -> { }
            }
        } catch (IllegalArgumentException e) {
            // not chained: the message may quote the secret (e.g. a vault entry with a line break)
            throw new SmsSendException("The " + settings.authType().name().toLowerCase(Locale.ROOT)
                    + " authentication header cannot be built from the configured values");
        }
        return request.build();
    }

    private String resolve(String option, String configured) throws SmsSendException {
        if (configured == null) {
            return null;
        }
        String secret = secretResolver.apply(configured);
        if (secret == null) {
            throw new SmsSendException("Option " + option + " refers to a vault entry that does not exist");
        }
        return secret;
    }

    private SmsSendException timedOut(String gateway, Exception cause) {
        return new SmsSendException("SMS gateway " + gateway + " did not answer within "
                + settings.readTimeout().toMillis() + " ms", cause);
    }

    private SmsSendException failed(String gateway, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new SmsSendException("Could not connect to SMS gateway " + gateway + " within "
                    + settings.connectTimeout().toMillis() + " ms", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return timedOut(gateway, (Exception) cause);
        }
        if (cause instanceof ConnectException) {
            return new SmsSendException("Could not connect to SMS gateway " + gateway, cause);
        }
        if (cause instanceof IOException) {
            return new SmsSendException("Sending through SMS gateway " + gateway + " failed: "
                    + cause.getClass().getSimpleName(), cause);
        }
        return new SmsSendException("Sending through SMS gateway " + gateway + " failed", cause);
    }

    @Override
    public void close() {
    }
}
