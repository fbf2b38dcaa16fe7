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
 * A browser without JavaScript for Keycloak's login pages: keeps cookies, follows redirects within the server,
 * parses pages with jsoup and submits their forms. A redirect that leaves the server (e.g. to a client's
 * {@code redirect_uri}) is not followed: {@link #status()} is then 302 and {@link #location()} says where to.
 *
 * <pre>{@code
 * BrowserlessSession browser = env.browser();
 * browser.get("/realms/demo/account");
 * browser.submit("#kc-form-login", Map.of("username", "alice", "password", "..."));
 * assertEquals(200, browser.status());
 * }</pre>
 */
public final class BrowserlessSession {

    private static final int MAX_REDIRECTS = 20;

    private final String baseUrl;
    private final HttpClient http;
    private int status;
    private URI url;
    private String location;
    private Document document;

    BrowserlessSession(String baseUrl) {
        this(baseUrl, HttpClient.newBuilder()
                .cookieHandler(new LoopbackCookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build());
    }

    private BrowserlessSession(String baseUrl, HttpClient http) {
        this.baseUrl = baseUrl;
        this.http = http;
    }

    /** A second tab of this browser: the same cookies, a page of its own. */
    public BrowserlessSession newTab() {
        return new BrowserlessSession(baseUrl, http);
    }

    /** Opens a page; {@code url} is absolute or relative to the server ({@code /realms/demo/account}). */
    public BrowserlessSession get(String url) {
        return send(HttpRequest.newBuilder(resolve(url)).GET());
    }

    /**
     * Submits the form matched by the CSS selector (e.g. {@code "#kc-reset-password-form"}): its current field values
     * (inputs with a name, except unchecked boxes and buttons), overridden by {@code fields}.
     */
    public BrowserlessSession submit(String formSelector, Map<String, String> fields) {
        Element form = document().selectFirst(formSelector);
        if (form == null) {
            throw new AssertionError("no form '" + formSelector + "' on " + url + ":\n" + document().text());
        }
        Map<String, String> values = fieldsOf(form);
        values.putAll(fields);
        return send(HttpRequest.newBuilder(url.resolve(form.attr("action")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(values))));
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

    /** The last page, parsed. */
    public Document document() {
        if (document == null) {
            throw new IllegalStateException("no page loaded");
        }
        return document;
    }

    private BrowserlessSession send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            location = null;
            for (int redirects = 0; isRedirect(response.statusCode()); redirects++) {
                URI target = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                if (redirects == MAX_REDIRECTS || !isOnServer(target)) {
                    location = target.toString();
                    break;
                }
                response = http.send(HttpRequest.newBuilder(target).GET().build(), HttpResponse.BodyHandlers.ofString());
            }
            status = response.statusCode();
            url = response.uri();
            document = Jsoup.parse(response.body(), url.toString());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI resolve(String url) {
        return URI.create(url.startsWith("/") ? baseUrl + url : url);
    }

    private boolean isOnServer(URI target) {
        return target.toString().startsWith(baseUrl + "/");
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
