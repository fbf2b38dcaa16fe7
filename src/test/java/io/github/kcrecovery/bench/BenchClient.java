package io.github.kcrecovery.bench;

import io.github.kcrecovery.testing.BrowserlessSession;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One person's browser for the load driver: its own cookie jar over an {@link HttpClient} shared by all virtual
 * users (a client per person would cost a selector thread each). Follows redirects within the server, keeps the raw
 * page for the fuzzer's reflection checks, and parses it with jsoup only when asked.
 */
final class BenchClient {

    private static final int MAX_REDIRECTS = 10;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String baseUrl;
    // Keycloak's cookies are Secure; over loopback http they are kept and sent by hand, like a browser does
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private int status;
    private URI url;
    private String body = "";
    private Document document;

    BenchClient(HttpClient http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    static HttpClient sharedHttp() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    BenchClient get(String pathOrUrl) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(resolve(pathOrUrl)).GET());
    }

    /** Posts the form matched by the CSS selector: its named inputs (as a browser would) overridden by {@code fields}. */
    BenchClient submit(String formSelector, Map<String, String> fields) throws IOException, InterruptedException {
        Element form = document().selectFirst(formSelector);
        if (form == null) {
            throw new IllegalStateException("no form " + formSelector + " on " + url + " (status " + status + ")");
        }
        Map<String, String> values = BrowserlessSession.fieldsOf(form);
        values.putAll(fields);
        return post(form.absUrl("action"), BrowserlessSession.formBody(values));
    }

    /** Posts a raw urlencoded body (the fuzzer's malformed forms) to {@code action}. */
    BenchClient post(String action, String formBody) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(resolve(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody)));
    }

    /** The action URL of a form on the current page, or null. */
    String formAction(String formSelector) {
        Element form = document().selectFirst(formSelector);
        return form == null ? null : form.absUrl("action");
    }

    boolean has(String selector) {
        return document().selectFirst(selector) != null;
    }

    int status() {
        return status;
    }

    URI url() {
        return url;
    }

    String body() {
        return body;
    }

    Document document() {
        if (document == null) {
            document = Jsoup.parse(body, url == null ? baseUrl : url.toString());
        }
        return document;
    }

    private BenchClient send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.timeout(REQUEST_TIMEOUT);
        for (int hops = 0; ; hops++) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            status = response.statusCode();
            url = response.uri();
            body = response.body();
            document = null;
            String location = response.headers().firstValue("Location").orElse(null);
            if (status / 100 != 3 || location == null || hops == MAX_REDIRECTS) {
                return this;
            }
            URI target = url.resolve(location);
            if (!target.toString().startsWith(baseUrl + "/")) {
                // off the server (a client's redirect_uri): stop like a browser leaving the site
                return this;
            }
            request = HttpRequest.newBuilder(target).GET().timeout(REQUEST_TIMEOUT);
        }
    }

    private URI resolve(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("/") ? baseUrl + pathOrUrl : pathOrUrl);
    }
}
