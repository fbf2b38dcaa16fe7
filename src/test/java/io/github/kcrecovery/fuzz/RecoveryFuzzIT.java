package io.github.kcrecovery.fuzz;

import io.github.kcrecovery.fuzz.MalformedInputs.Bad;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.ScratchRealm;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static io.github.kcrecovery.testing.RecoveryForms.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dfuzz.count} (2,000; {@code -Dfuzz.count=10000} is the long run of docs/performance.md) seeded malformed
 * requests ({@code -Dfuzz.seed}) against every recovery form this server has, and the admin test-SMS endpoint: bad
 * values in one field or all, repeated and missing fields, wrong session codes, execution ids and tab ids, broken
 * bodies. No answer may be a 5xx, no page may contain an injected markup unescaped or an evaluated FreeMarker
 * expression, and a normal login works afterwards. Runs in a copy of the demo realm ({@link ScratchRealm}) so the
 * limits it exhausts do not touch other tests.
 * <p>One exception is measured, not excused: bodies with malformed percent-encoding fail in RESTEasy Reactive's
 * form parser (500) before Keycloak or extension code runs; they count as findings only where Keycloak's own login
 * form does not answer the same body with a 5xx. Likewise a 5xx of the contacts page counts as a finding only where
 * Keycloak's login page survives the same query parameter.
 */
class RecoveryFuzzIT {

    static final String REALM = "fuzz";
    private static final String CONTACTS = "/realms/" + REALM + "/recovery/contacts";
    private static final int MAX_FINDINGS = 20;

    private final TestEnvironment env = TestEnvironment.get();
    private final List<String> findings = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final AtomicLong unknownIds = new AtomicLong(9_000_000);
    private static final List<String> BROKEN_ENCODINGS = List.of("%zz&=&&", "%E0%A4%A", "a=%FF%FE%FD");
    private final Map<String, Integer> platform5xx = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> platform = new ConcurrentHashMap<>();

    /** A form to fuzz: how to reach it in a fresh browser, its selector, and valid values for its fields. */
    record Target(String name, String form, Map<String, String> valid, Opener opener) {
    }

    interface Opener {
        void open(BrowserlessSession browser, RecoveryFuzzIT fuzz) throws Exception;
    }

    @Test
    void malformedInputsGetNo5xxNoReflectionAndTheServerKeepsServing() throws Exception {
        ScratchRealm.create(env, REALM);
        int count = Integer.getInteger("fuzz.count", 2_000);
        int threads = Integer.getInteger("fuzz.threads", 4);
        MalformedInputs inputs = new MalformedInputs(Long.getLong("fuzz.seed", 20261122L));
        List<Target> targets = reachableTargets();
        baselineOnKeycloaksLoginForm();
        boolean contacts = env.browser().get(CONTACTS).status() == 200;
        System.out.println("fuzzing " + targets.stream().map(Target::name).toList() + ", the admin test-SMS endpoint"
                + (contacts ? " and the contacts page" : ""));

        long started = System.nanoTime();
        AtomicInteger issued = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> worker(targets, contacts, inputs, issued, count));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.MINUTES), "fuzzing did not finish in 30 minutes");
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        long total = sent.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf("fuzz: %d malformed requests in %d s with %d threads; per target %s; statuses %s%n", total,
                seconds, threads, new TreeMap<>(sent), new TreeMap<>(statuses));
        System.out.println("  5xx that Keycloak's own login form/page gives for the same input: " + new TreeMap<>(platform));
        findings.stream().limit(MAX_FINDINGS).forEach(f -> System.out.println("  finding: " + f));
        assertTrue(total >= count, "only " + total + " of " + count + " requests were sent");
        assertEquals(List.of(), findings.stream().limit(MAX_FINDINGS).toList(), findings.size() + " findings");
        assertTrue(canLogIn(), "a normal login fails after fuzzing");
    }

    private void worker(List<Target> targets, boolean contacts, MalformedInputs inputs, AtomicInteger issued, int count) {
        Map<String, BrowserlessSession> positioned = new LinkedHashMap<>();
        for (int k = 0; issued.getAndIncrement() < count; k++) {
            try {
                // the forms in turn, then the admin endpoint, then the contacts page if there is one
                int which = (k + (int) Thread.currentThread().getId()) % (targets.size() + (contacts ? 2 : 1));
                if (which == targets.size()) {
                    fuzzAdmin(inputs);
                    continue;
                }
                if (which > targets.size()) {
                    fuzzContacts(inputs);
                    continue;
                }
                Target target = targets.get(which);
                BrowserlessSession browser = positioned.get(target.name());
                if (browser == null || !browser.has(target.form())) {
                    browser = env.browser();
                    target.opener().open(browser, this);
                    if (!browser.has(target.form())) {
                        findings.add(target.name() + ": could not reach the form: " + browser.status() + " " + abbreviate(browser.document().text()));
                        positioned.remove(target.name());
                        continue;
                    }
                    positioned.put(target.name(), browser);
                }
                fuzzForm(target, browser, inputs);
            } catch (Exception | AssertionError e) {
                findings.add("exception: " + e);
            }
        }
    }

    private void fuzzForm(Target target, BrowserlessSession browser, MalformedInputs inputs) throws Exception {
        String action = browser.formAction(target.form());
        List<String> fields = new ArrayList<>(target.valid().keySet());
        List<Bad> used = new ArrayList<>();
        String body;
        String kind;
        switch (inputs.nextInt(7)) {
            case 0, 1 -> {
                kind = "one field";
                Map<String, String> values = new LinkedHashMap<>(target.valid());
                Bad bad = inputs.next();
                used.add(bad);
                values.put(fields.get(inputs.nextInt(fields.size())), bad.value());
                body = BrowserlessSession.formBody(values);
            }
            case 2 -> {
                kind = "all fields";
                Map<String, String> values = new LinkedHashMap<>();
                for (String field : fields) {
                    Bad bad = inputs.next();
                    used.add(bad);
                    values.put(field, bad.value());
                }
                body = BrowserlessSession.formBody(values);
            }
            case 3 -> {
                kind = "repeated fields";
                Bad bad = inputs.next();
                used.add(bad);
                body = fields.stream().map(f -> enc(f) + "=" + enc(bad.value()) + "&" + enc(f) + "=" + enc(target.valid().get(f)))
                        .collect(Collectors.joining("&"));
            }
            case 4 -> {
                kind = "missing fields";
                body = inputs.nextInt(2) == 0 ? "" : enc(fields.get(inputs.nextInt(fields.size()))) + "=";
            }
            case 5 -> {
                kind = "wrong session";
                Bad bad = inputs.next();
                used.add(bad);
                action = mangleQuery(action, inputs, bad.value());
                body = BrowserlessSession.formBody(target.valid());
            }
            default -> {
                Bad bad = inputs.next();
                used.add(bad);
                body = List.of("&&&", "=" + enc(bad.value()), enc(bad.value()) + "=x", BROKEN_ENCODINGS.get(0),
                        BROKEN_ENCODINGS.get(1), BROKEN_ENCODINGS.get(2)).get(inputs.nextInt(6));
                kind = BROKEN_ENCODINGS.contains(body) ? "broken encoding" : "broken body";
            }
        }
        browser.post(action, body);
        if (kind.equals("broken encoding") && browser.status() >= 500 && platform5xx.containsKey(body)) {
            // Keycloak's own login form answers this body the same way: the HTTP layer, not a recovery page
            platform.computeIfAbsent(body, k -> new AtomicLong()).incrementAndGet();
            sent.computeIfAbsent(target.name(), k -> new AtomicLong()).incrementAndGet();
            return;
        }
        check(target.name() + " / " + kind, browser.status(), browser.body(), used);
    }

    /**
     * Which of the {@link #BROKEN_ENCODINGS} Keycloak's own login form answers with a 5xx: RESTEasy Reactive fails on
     * malformed percent-encoding before any Keycloak or extension code runs.
     */
    private void baselineOnKeycloaksLoginForm() throws Exception {
        for (String body : BROKEN_ENCODINGS) {
            BrowserlessSession browser = env.browser();
            browser.get(loginUrl());
            browser.post(browser.formAction("#kc-form-login"), body);
            if (browser.status() >= 500) {
                platform5xx.put(body, browser.status());
            }
        }
        System.out.println("Keycloak's own login form answers 5xx to " + platform5xx.keySet());
    }

    /** The public contacts page takes only query parameters (locale choices); bad ones must not break it. */
    private void fuzzContacts(MalformedInputs inputs) throws Exception {
        Bad bad = inputs.next();
        String param = List.of("kc_locale", "ui_locales", "client_id", "unknown").get(inputs.nextInt(4));
        String query = enc(param) + "=" + enc(bad.value());
        BrowserlessSession browser = env.browser();
        browser.get(CONTACTS + "?" + query);
        if (browser.status() >= 500) {
            // e.g. a line break in kc_locale ends up in the locale cookie, which Vert.x refuses: the same on Keycloak's login page?
            BrowserlessSession keycloak = env.browser();
            keycloak.get(loginUrl() + "&" + query);
            if (keycloak.status() >= 500) {
                platform.computeIfAbsent("contacts ?" + param + " (also on Keycloak's login page)", k -> new AtomicLong()).incrementAndGet();
                sent.computeIfAbsent("contacts page", k -> new AtomicLong()).incrementAndGet();
                return;
            }
        }
        check("contacts page", browser.status(), browser.body(), List.of(bad));
    }

    private void fuzzAdmin(MalformedInputs inputs) throws Exception {
        Bad phone = inputs.next();
        Bad message = inputs.next();
        String body = switch (inputs.nextInt(5)) {
            case 0 -> AdminClient.JSON.writeValueAsString(Map.of("phoneNumber", phone.value(), "message", message.value()));
            case 1 -> AdminClient.JSON.writeValueAsString(Map.of("phoneNumber", phone.value()));
            case 2 -> "{\"phoneNumber\": [1, 2], \"message\": {\"a\": null}}";
            case 3 -> "{\"phoneNumber\": \"" + phone.value().replace("\"", "") + "\"";
            default -> phone.value();
        };
        HttpResponse<String> response = BrowserlessSession.http().send(HttpRequest.newBuilder(URI.create(env.keycloak().baseUrl()
                        + "/admin/realms/" + REALM + "/recovery/sms/test"))
                .header("Authorization", "Bearer " + env.admin().token())
                .header("Content-Type", "application/json").timeout(BrowserlessSession.REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        check("admin sms/test", response.statusCode(), response.body(), List.of(phone, message));
    }

    private void check(String where, int status, String body, List<Bad> used) {
        sent.computeIfAbsent(where.split(" / ")[0], k -> new AtomicLong()).incrementAndGet();
        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        if (status >= 500) {
            findings.add(where + ": status " + status + " for " + describe(used) + ": " + abbreviate(body));
        }
        for (Bad bad : used) {
            if (bad.marker() != null && body.contains(bad.marker())) {
                findings.add(where + ": reflected unescaped (" + bad.category() + "): " + bad.marker());
            }
        }
    }

    private List<Target> reachableTargets() throws Exception {
        List<Target> candidates = List.of(
                new Target("chooser", CHOOSER, Map.of("recoveryOption", "password"),
                        (b, f) -> b.get(resetUrl(REALM))),
                new Target("identifier", IDENTIFIER, Map.of("username", "anna", "method", "sms"),
                        (b, f) -> f.toIdentifierPage(b)),
                new Target("phone digits", DIGITS, Map.of("phoneDigits", "12345678"),
                        (b, f) -> f.toDigitsPage(b)),
                new Target("sms code", CODE, Map.of("code", "123456"),
                        (b, f) -> {
                            f.toDigitsPage(b);
                            if (b.has(DIGITS)) {
                                b.submit(DIGITS, Map.of("phoneDigits", "12345678"));
                            }
                        }),
                new Target("forgot username", USERNAME,
                        Map.of("email", "anna@demo.local", "phone", "+79161234567", "birthdate", "2009-03-14"),
                        (b, f) -> {
                            b.get(resetUrl(REALM));
                            if (b.has(CHOOSER)) {
                                b.submit(CHOOSER, Map.of("recoveryOption", "username"));
                            }
                        }));
        List<Target> reachable = new ArrayList<>();
        for (Target target : candidates) {
            BrowserlessSession browser = env.browser();
            target.opener().open(browser, this);
            if (browser.has(target.form())) {
                reachable.add(target);
            }
        }
        assertTrue(reachable.stream().anyMatch(t -> t.name().equals("identifier")), "the reset page is not reachable");
        return reachable;
    }

    private void toIdentifierPage(BrowserlessSession browser) throws Exception {
        browser.get(resetUrl(REALM));
        if (browser.has(CHOOSER)) {
            browser.submit(CHOOSER, Map.of("recoveryOption", "password"));
        }
    }

    /** The masked-number page of an unknown identifier (a decoy): no SMS is ever sent for it. */
    private void toDigitsPage(BrowserlessSession browser) throws Exception {
        toIdentifierPage(browser);
        if (browser.has(IDENTIFIER)) {
            browser.submit(IDENTIFIER, Map.of("username", String.format("nobody-%07d", unknownIds.incrementAndGet()),
                    "method", "sms"));
        }
    }

    private String loginUrl() {
        String redirect = env.keycloak().baseUrl() + "/realms/" + REALM + "/account/";
        return "/realms/" + REALM + "/protocol/openid-connect/auth?client_id=account-console&response_type=code"
                + "&scope=openid&code_challenge_method=S256&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&redirect_uri=" + enc(redirect);
    }

    private boolean canLogIn() throws Exception {
        BrowserlessSession browser = env.browser();
        browser.get(loginUrl());
        browser.submit("#kc-form-login", Map.of("username", "anna", "password", "Password-1"));
        return browser.url().toString().contains("code=") && !browser.has("#kc-form-login");
    }

    private static String mangleQuery(String action, MalformedInputs inputs, String bad) {
        String param = List.of("session_code", "execution", "tab_id", "client_id", "client_data").get(inputs.nextInt(5));
        String replacement = inputs.nextInt(3) == 0 ? "" : param + "=" + enc(inputs.nextInt(2) == 0 ? bad
                : java.util.UUID.randomUUID().toString());
        String mangled = action.replaceAll("([?&])" + param + "=[^&]*", "$1" + java.util.regex.Matcher.quoteReplacement(replacement));
        return mangled.equals(action) ? action + (action.contains("?") ? "&" : "?") + replacement : mangled;
    }

    private static String describe(List<Bad> used) {
        return used.stream().map(b -> b.category() + " '" + abbreviate(b.value()) + "'").collect(Collectors.joining(", "));
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
