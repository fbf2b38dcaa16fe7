package io.github.kcrecovery.testing;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript for Keycloak's login pages, the one cookie-and-redirect client of the tests and the
 * benchmark: keeps its own cookies, follows redirects within the server (any node of a cluster: the cookies of one
 * node go to the others, as a browser behind a load balancer sends them), parses pages with jsoup when asked and
 * submits their forms. A redirect that leaves the server (e.g. to a client's {@code redirect_uri}) is not followed:
 * {@link #status()} is then 302 and {@link #location()} says where to. Every session shares one {@link HttpClient}
 * (a client each would cost a selector thread each, too many for the benchmark's virtual users).
 *
 * <pre>{@code
 * BrowserlessSession browser = env.browser();
 * browser.get("/realms/demo/account");
 * browser.submit("#kc-form-login", Map.of("username", "alice", "password", "..."));
 * assertEquals(200, browser.status());
 * }</pre>
 */
public final class BrowserlessSession {

    /** A page that takes longer is a hung server, not a slow one. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_REDIRECTS = 20;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final List<String> servers;
    private final CookieManager cookies;
    /** The {@code X-Forwarded-For} every request carries (a client behind the trusted proxy), or null. */
    private final String forwardedFor;
    private int status;
    private URI url;
    private String location;
    private String body;
    private Document document;

    /** @param servers the base URLs of the server's nodes; relative URLs go to the first */
    BrowserlessSession(List<String> servers) {
        this(servers, new LoopbackCookieManager(), null);
    }

    /**
     * @param proxy        the base URL of {@link TrustedProxy}
     * @param forwardedFor the client address the proxy forwards
     */
    BrowserlessSession(String proxy, String forwardedFor) {
        this(List.of(proxy), new LoopbackCookieManager(), forwardedFor);
    }

    private BrowserlessSession(List<String> servers, CookieManager cookies, String forwardedFor) {
        this.servers = List.copyOf(servers);
        this.cookies = cookies;
        this.forwardedFor = forwardedFor;
    }

    /** A second tab of this browser: the same cookies, a page of its own. */
    public BrowserlessSession newTab() {
        return new BrowserlessSession(servers, cookies, forwardedFor);
    }

    /** Where relative URLs go: the server's (first node's) base URL, or the trusted proxy's. */
    public String server() {
        return servers.get(0);
    }

    /** The client every session sends with, for the few plain requests a test makes (e.g. a JSON POST). */
    public static HttpClient http() {
        return HTTP;
    }

    /** Opens a page; {@code url} is absolute or relative to the server ({@code /realms/demo/account}). */
    public BrowserlessSession get(String url) {
        return send(resolve(url), HttpRequest.newBuilder().GET());
    }

    /**
     * Submits the form matched by the CSS selector (e.g. {@code "#kc-reset-password-form"}): its current field values
     * (inputs with a name, except unchecked boxes and buttons), overridden by {@code fields}.
     */
    public BrowserlessSession submit(String formSelector, Map<String, String> fields) {
        Element form = document().selectFirst(formSelector);
        if (form == null) {
            throw new AssertionError("no form '" + formSelector + "' on " + url + " (status " + status + "):\n" + document().text());
        }
        Map<String, String> values = fieldsOf(form);
        values.putAll(fields);
        return post(url.resolve(form.attr("action")).toString(), formBody(values));
    }

    /** Posts {@code fields} to {@code url} (absolute, or relative to the server), as a form would. */
    public BrowserlessSession post(String url, Map<String, String> fields) {
        return post(url, formBody(fields));
    }

    /** Posts a raw {@code application/x-www-form-urlencoded} body, e.g. a malformed one. */
    public BrowserlessSession post(String url, String formBody) {
        return send(resolve(url), HttpRequest.newBuilder()
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody)));
    }

    /** What a browser would submit of this form: inputs with a name, except unchecked boxes and buttons. */
    public static Map<String, String> fieldsOf(Element form) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            String type = input.attr("type");
            boolean skipped = type.equals("submit") || type.equals("button")
                    || ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked"));
            if (!skipped) {
                values.put(input.attr("name"), input.is("select") ? input.select("option[selected]").val() : input.val());
            }
        }
        return values;
    }

    /** An {@code application/x-www-form-urlencoded} body. */
    public static String formBody(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** Clicks a link: GETs the {@code href} of the first element matching the CSS selector. */
    public BrowserlessSession click(String linkSelector) {
        Element link = document().selectFirst(linkSelector);
        if (link == null) {
            throw new AssertionError("no link '" + linkSelector + "' on " + url + ":\n" + document().text());
        }
        return get(url.resolve(link.attr("href")).toString());
    }

    /** Status of the last response (after redirects within the server). */
    public int status() {
        return status;
    }

    /** The URL of the last page. */
    public URI url() {
        return url;
    }

    /** Where a redirect off the server pointed, or null. */
    public String location() {
        return location;
    }

    /** The last page as it came, e.g. to look for reflected input that parsing would hide. */
    public String body() {
        if (body == null) {
            throw new IllegalStateException("no page loaded");
        }
        return body;
    }

    /** The last page, parsed. */
    public Document document() {
        if (document == null) {
            document = Jsoup.parse(body(), url.toString());
        }
        return document;
    }

    /** Whether the last page has an element matching the CSS selector. */
    public boolean has(String selector) {
        return document().selectFirst(selector) != null;
    }

    /** The absolute action URL of a form on the last page, or null when there is no such form. */
    public String formAction(String formSelector) {
        Element form = document().selectFirst(formSelector);
        return form == null ? null : form.absUrl("action");
    }

    private BrowserlessSession send(URI target, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = exchange(target, request);
            location = null;
            for (int redirects = 0; isRedirect(response.statusCode()); redirects++) {
                URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                if (redirects == MAX_REDIRECTS || !isOnServer(next)) {
                    location = next.toString();
                    break;
                }
                response = exchange(next, HttpRequest.newBuilder().GET());
            }
            status = response.statusCode();
            url = response.uri();
            body = response.body();
            document = null;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One request with this session's cookies, which takes the cookies of the answer. */
    private HttpResponse<String> exchange(URI target, HttpRequest.Builder request) throws IOException, InterruptedException {
        request.uri(target).timeout(REQUEST_TIMEOUT);
        List<String> sent = cookies.get(target, Map.of()).getOrDefault("Cookie", List.of());
        if (!sent.isEmpty()) {
            request.header("Cookie", String.join("; ", sent));
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        cookies.put(response.uri(), response.headers().map());
        return response;
    }

    private URI resolve(String url) {
        return URI.create(url.startsWith("/") ? servers.get(0) + url : url);
    }

    private boolean isOnServer(URI target) {
        return servers.stream().anyMatch(server -> target.toString().startsWith(server + "/"));
    }

    /**
     * Keycloak marks its cookies Secure. Browsers treat http://127.0.0.1 as a secure context and send them back;
     * {@link CookieManager} only does so over https, so it is asked as if the request were https.
     */
    private static final class LoopbackCookieManager extends CookieManager {

        LoopbackCookieManager() {
            super(null, CookiePolicy.ACCEPT_ALL);
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
            try {
                return super.get(new URI("https", uri.getAuthority(), uri.getPath(), uri.getQuery(), null), requestHeaders);
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
