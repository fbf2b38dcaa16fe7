package io.github.kcrecovery.captcha;

import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.TestEnvironment;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A local site-verify endpoint (the Turnstile / hCaptcha / reCAPTCHA shape) on the harness' HTTP stub: tokens
 * starting with {@value #PASS} verify, everything else fails. Installing it switches both recovery captchas of the demo realm to Turnstile
 * mode pointed here, so tests can pass the captcha without any backdoor in the server; closing restores the
 * previous configs.
 */
public final class CaptchaVerifyStub implements AutoCloseable {

    public static final String PASS = "pass-";
    public static final String RESPONSE_FIELD = "cf-turnstile-response";
    public static final String SECRET = "stub-secret";
    private static final String[] FLOWS = {FlowExecutions.USERNAME_FLOW, FlowExecutions.IDENTIFY_FLOW};

    private final SmsGatewayStub server = SmsGatewayStub.startOnFreePort();
    private final FlowExecutions flows;
    private final Map<String, Map<String, String>> saved = new HashMap<>();

    private CaptchaVerifyStub(FlowExecutions flows) {
        this.flows = flows;
        server.respondWith(request -> {
            Map<String, String> form = parse(request.body());
            boolean ok = SECRET.equals(form.get("secret")) && form.getOrDefault("response", "").startsWith(PASS);
            return new SmsGatewayStub.Response(200,
                    "{\"success\":" + ok + (ok ? "" : ",\"error-codes\":[\"invalid-input-response\"]") + "}", Duration.ZERO);
        });
    }

    public static CaptchaVerifyStub install(TestEnvironment env) {
        return install(env.admin());
    }

    /** On the demo realm of whatever server {@code admin} talks to (the cluster test has servers of its own). */
    public static CaptchaVerifyStub install(AdminClient admin) {
        CaptchaVerifyStub stub = new CaptchaVerifyStub(new FlowExecutions(admin));
        for (String flow : FLOWS) {
            stub.saved.put(flow, stub.flows.config(flow, RecoveryCaptchaFactory.PROVIDER_ID));
            stub.flows.setConfig(flow, RecoveryCaptchaFactory.PROVIDER_ID, Map.of(
                    "mode", "turnstile", "siteKey", "stub-site-key", "secret", SECRET,
                    "verifyUrl", stub.server.baseUrl() + "/siteverify"));
        }
        return stub;
    }

    /** A fresh token the stub verifies. */
    public static String passToken() {
        return PASS + UUID.randomUUID();
    }

    /** The site-verify requests so far, as form fields, oldest first. */
    public List<Map<String, String>> requests() {
        return server.requests().stream().map(request -> parse(request.body())).toList();
    }

    @Override
    public void close() {
        saved.forEach((flow, config) -> flows.setConfig(flow, RecoveryCaptchaFactory.PROVIDER_ID, config));
        server.close();
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
