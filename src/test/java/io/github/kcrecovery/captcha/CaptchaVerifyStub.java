package io.github.kcrecovery.captcha;

import com.sun.net.httpserver.HttpServer;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.TestEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A local site-verify endpoint (the Turnstile / hCaptcha / reCAPTCHA shape): tokens starting with {@value #PASS}
 * verify, everything else fails. Installing it switches both recovery captchas of the demo realm to Turnstile
 * mode pointed here, so tests can pass the captcha without any backdoor in the server; closing restores the
 * previous configs.
 */
public final class CaptchaVerifyStub implements AutoCloseable {

    public static final String PASS = "pass-";
    public static final String RESPONSE_FIELD = "cf-turnstile-response";
    public static final String SECRET = "stub-secret";
    private static final String[] FLOWS = {FlowExecutions.USERNAME_FLOW, FlowExecutions.IDENTIFY_FLOW};

    private final HttpServer server;
    private final List<Map<String, String>> requests = new ArrayList<>();
    private final FlowExecutions flows;
    private final Map<String, Map<String, String>> saved = new HashMap<>();

    private CaptchaVerifyStub(FlowExecutions flows) throws IOException {
        this.flows = flows;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/siteverify", exchange -> {
            try (exchange) {
                Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                synchronized (requests) {
                    requests.add(form);
                }
                boolean ok = SECRET.equals(form.get("secret")) && form.getOrDefault("response", "").startsWith(PASS);
                byte[] body = ("{\"success\":" + ok + (ok ? "" : ",\"error-codes\":[\"invalid-input-response\"]") + "}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    public static CaptchaVerifyStub install(TestEnvironment env) {
        return install(env.admin());
    }

    /** On the demo realm of whatever server {@code admin} talks to (the cluster test has servers of its own). */
    public static CaptchaVerifyStub install(AdminClient admin) {
        try {
            CaptchaVerifyStub stub = new CaptchaVerifyStub(new FlowExecutions(admin));
            for (String flow : FLOWS) {
                stub.saved.put(flow, stub.flows.config(flow, RecoveryCaptchaFactory.PROVIDER_ID));
                stub.flows.setConfig(flow, RecoveryCaptchaFactory.PROVIDER_ID, Map.of(
                        "mode", "turnstile", "siteKey", "stub-site-key", "secret", SECRET,
                        "verifyUrl", "http://127.0.0.1:" + stub.server.getAddress().getPort() + "/siteverify"));
            }
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh token the stub verifies. */
    public static String passToken() {
        return PASS + UUID.randomUUID();
    }

    public List<Map<String, String>> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        saved.forEach((flow, config) -> flows.setConfig(flow, RecoveryCaptchaFactory.PROVIDER_ID, config));
        server.stop(0);
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
