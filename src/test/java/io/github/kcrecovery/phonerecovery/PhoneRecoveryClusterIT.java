package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.sms.SmsLimits;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.TestUser;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.Postgres;
import io.github.kcrecovery.testing.RequiresTools;
import io.github.kcrecovery.testing.Tool;
import io.github.kcrecovery.username.RecoveryPages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two production-mode Keycloak nodes (default clustered caches, jdbc-ping discovery) on one PostgreSQL that this
 * test starts in a temp dir: a code requested through node A is accepted through node B, the SMS limits count
 * across both nodes, and when node A is killed in the middle of a recovery the person finishes on node B with the
 * limits counted on A still in force. Needs {@code initdb} and {@code pg_ctl} on the PATH.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RequiresTools(Tool.POSTGRESQL)
class PhoneRecoveryClusterIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(420);
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private static Path work;
    private static Postgres postgres;
    private static HttpServer gateway;
    private static final List<String> smsBodies = Collections.synchronizedList(new ArrayList<>());
    private static Node a;
    private static Node b;
    private static AdminClient admin;
    private static CaptchaVerifyStub captcha;

    @BeforeAll
    static void startCluster() throws Exception {
        work = Files.createTempDirectory("kcrecovery-cluster");
        postgres = Postgres.start(List.of());
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/", exchange -> {
            try (exchange) {
                smsBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] answer = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        gateway.start();

        Path home = work.resolve("keycloak");
        // a copy of its own: the build below changes the distribution, which the shared test server also uses
        Process copy = new ProcessBuilder("cp", "-a", System.getProperty("keycloak.dist.dir"), home.toString()).inheritIO().start();
        assertEquals(0, copy.waitFor(), "copying the distribution");
        Path jar = Path.of(System.getProperty("provider.jar"));
        Files.copy(jar, home.resolve("providers").resolve(jar.getFileName()));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.copy(Path.of(System.getProperty("realm.config.dir"), "demo-realm.json"), imports.resolve("demo-realm.json"));
        run(home, List.of("build", "--db=postgres", "--cache=ispn", "--spi-sms-sender--provider=http"), work.resolve("build.log"));

        a = Node.start(home, "a", true);
        a.awaitReady();
        b = Node.start(home, "b", false);
        b.awaitReady();
        // through node B, which outlives node A
        admin = AdminClient.login(b.baseUrl, "master", "admin", "admin");
        captcha = CaptchaVerifyStub.install(admin);
    }

    @AfterAll
    static void stopCluster() throws IOException {
        try {
            if (captcha != null) {
                captcha.close();
            }
        } finally {
            // whatever failed above: no node, database or stub may outlive the test JVM
            for (Node node : new Node[]{b, a}) {
                if (node != null) {
                    node.stop();
                }
            }
            if (postgres != null) {
                postgres.close();
            }
            if (gateway != null) {
                gateway.stop(0);
            }
            if (work != null) {
                keepLogsAndDelete(work);
            }
        }
    }

    /** The nodes' logs stay with the other test output; the rest of the work dir goes. */
    private static void keepLogsAndDelete(Path work) throws IOException {
        Path logs = Files.createDirectories(Path.of(System.getProperty("test.output.dir", "target/it-output"), "cluster"));
        try (Stream<Path> files = Files.list(work)) {
            for (Path log : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".log"))::iterator) {
                Files.copy(log, logs.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void codeRequestedOnNodeAIsAcceptedOnNodeB() {
        TestUser user = createUser(admin, "cluster", true);
        try {
            Client browser = new Client();
            Document codePage = browser.toCodePage(a, user);
            String code = lastCodeTo(user.phone());

            String actionOnB = codePage.selectFirst("#recovery-sms-code-form").absUrl("action").replace(a.baseUrl, b.baseUrl);
            Document after = browser.post(actionOnB, Map.of("code", code));
            assertNotNull(after.selectFirst("#kc-passwd-update-form"), "node B took node A's code: " + after.text());
        } finally {
            deleteUser(admin, user);
        }
    }

    @Test
    void limitsCountAcrossBothNodes() {
        JsonNode before = setConfig(admin, RecoverySmsCodeFactory.PROVIDER_ID, Map.of(
                PhoneRecoverySettings.RESEND_COOLDOWN, "0", SmsLimits.MAX_SENDS_PER_NUMBER, "2"));
        TestUser user = createUser(admin, "cluster", true);
        try {
            PhoneRecoveryIT.Hour.awayFromBoundary();
            for (Node node : List.of(a, b, b, a)) {
                new Client().toCodePage(node, user);
            }
            assertEquals(2, sentTo(user.phone()).size(), "2 per number per hour, counted over both nodes");
        } finally {
            deleteUser(admin, user);
            restoreConfig(admin, before);
        }
    }

    /** Runs last: node A does not come back. */
    @Test
    @Order(Integer.MAX_VALUE)
    void nodeAKilledMidRecoveryThePersonFinishesOnNodeB() throws Exception {
        JsonNode before = setConfig(admin, RecoverySmsCodeFactory.PROVIDER_ID, Map.of(
                PhoneRecoverySettings.RESEND_COOLDOWN, "0", SmsLimits.MAX_SENDS_PER_NUMBER, "2"));
        TestUser user = createUser(admin, "failover", true);
        try {
            PhoneRecoveryIT.Hour.awayFromBoundary();
            Client person = new Client();
            Document codePage = person.toCodePage(a, user);
            String code = lastCodeTo(user.phone());
            new Client().toCodePage(a, user);
            assertEquals(2, sentTo(user.phone()).size(), "the number's 2 SMS of the hour, both sent by node A");

            a.kill();

            String codeActionOnB = codePage.selectFirst("#recovery-sms-code-form").absUrl("action").replace(a.baseUrl, b.baseUrl);
            Document passwordPage = person.post(codeActionOnB, Map.of("code", code));
            assertNotNull(passwordPage.selectFirst("#kc-passwd-update-form"), "node B took the code node A sent: " + passwordPage.text());
            person.post(passwordPage.selectFirst("#kc-passwd-update-form").absUrl("action"),
                    Map.of("password-new", "Failover-Pass-7", "password-confirm", "Failover-Pass-7"));
            assertTrue(passwordGrant(b, user.username(), "Failover-Pass-7"), "the new password set on node B logs in");
            assertFalse(passwordGrant(b, user.username(), PASSWORD), "the old password no longer does");
            // the password-changed notice comes on top: notices count under the verify-phone action's limits
            assertEquals(3, sentTo(user.phone()).size(), "the 2 codes from node A, then node B's password-changed notice");

            new Client().toCodePage(b, user);
            assertEquals(3, sentTo(user.phone()).size(), "node B still counts the 2 codes node A sent: no third code");
        } finally {
            deleteUser(admin, user);
            restoreConfig(admin, before);
        }
    }

    /** Direct grant with the demo realm's {@code admin-cli} client: true when the password is accepted. */
    private static boolean passwordGrant(Node node, String username, String password) throws Exception {
        String form = BrowserlessSession.formBody(Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", username, "password", password));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(node.baseUrl + "/realms/" + REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains("access_token");
    }

    /** The SMS to the number, once none arrived for a while: the nodes send them after their responses. */
    private static List<String> sentTo(String e164) {
        int seen = -1;
        while (seen != smsBodies.size()) {
            seen = smsBodies.size();
            try {
                Thread.sleep(PhoneRecoveryDriver.SETTLE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        synchronized (smsBodies) {
            return smsBodies.stream().filter(body -> body.contains("\"" + e164 + "\"")).toList();
        }
    }

    private static String lastCodeTo(String e164) {
        List<String> sent = sentTo(e164);
        assertEquals(1, sent.size(), "one SMS to the user");
        Matcher matcher = CODE.matcher(sent.get(0));
        if (!matcher.find()) {
            throw new AssertionError("no code in the SMS");
        }
        return matcher.group(1);
    }

    // ---- a browser that keeps cookies across both nodes (same host, different ports) --------------------------

    private static final class Client {
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        // Keycloak's cookies are Secure; over loopback http they are kept and sent by hand
        private final Map<String, String> cookies = new LinkedHashMap<>();

        Document toCodePage(Node node, TestUser user) {
            Document page = get(node.baseUrl + "/realms/" + REALM + "/login-actions/reset-credentials?client_id=account-console");
            page = post(action(page, RecoveryPages.CHOOSER_FORM), Map.of("recoveryOption", "password"));
            page = post(action(page, IDENTIFIER_FORM), Map.of("username", user.username(), "method", "sms",
                    CaptchaVerifyStub.RESPONSE_FIELD, CaptchaVerifyStub.passToken()));
            page = post(action(page, "#recovery-phone-digits-form"), Map.of("phoneDigits", hiddenDigits(user.phone())));
            assertNotNull(page.selectFirst("#recovery-sms-code-form"), page.text());
            return page;
        }

        Document get(String url) {
            return send(HttpRequest.newBuilder(URI.create(url)).GET());
        }

        Document post(String url, Map<String, String> form) {
            return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(BrowserlessSession.formBody(form))));
        }

        private static String action(Document page, String form) {
            Element element = page.selectFirst(form);
            assertNotNull(element, "no " + form + " on: " + page.text());
            return element.absUrl("action");
        }

        private Document send(HttpRequest.Builder request) {
            try {
                for (int hops = 0; ; hops++) {
                    if (!cookies.isEmpty()) {
                        request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining("; ")));
                    }
                    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    for (String header : response.headers().allValues("Set-Cookie")) {
                        String pair = header.split(";", 2)[0];
                        int eq = pair.indexOf('=');
                        cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                    }
                    if (response.statusCode() / 100 != 3 || hops == 10) {
                        return Jsoup.parse(response.body(), response.uri().toString());
                    }
                    request = HttpRequest.newBuilder(response.uri().resolve(response.headers().firstValue("Location").orElseThrow())).GET();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    // ---- processes ---------------------------------------------------------------------------------------------

    private static final class Node {
        final String name;
        final String baseUrl;
        final Process process;
        final Path log;

        private Node(String name, String baseUrl, Process process, Path log) {
            this.name = name;
            this.baseUrl = baseUrl;
            this.process = process;
            this.log = log;
        }

        static Node start(Path home, String name, boolean importRealm) throws IOException {
            int http = freePort();
            List<String> args = new ArrayList<>(List.of("start", "--optimized",
                    "--db-url=" + postgres.jdbcUrl(),
                    "--db-username=" + Postgres.USER, "--db-password=unused",
                    "--http-enabled=true", "--hostname-strict=false", "--http-host=127.0.0.1",
                    "--http-port=" + http, "--http-management-port=" + freePort(),
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + freeJgroupsPort(),
                    "--spi-sms-sender--http--url=http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms",
                    "--spi-sms-sender--http--content-type=json",
                    "--spi-sms-sender--http--body={\"to\":\"{phone}\",\"text\":\"{text}\"}",
                    "--spi-sms-sender--http--success-json-pointer=/status",
                    "--spi-sms-sender--http--success-json-value=OK",
                    // the captcha's site-verify stub listens on loopback, which site-verify may reach only when listed
                    "--spi-authenticator--recovery-captcha--verify-hosts=127.0.0.1",
                    "--spi-authenticator--recovery-captcha--verify-allowed-networks=127.0.0.1/32"));
            if (importRealm) {
                args.add("--import-realm");
            }
            Path log = work.resolve("node-" + name + ".log");
            ProcessBuilder builder = command(home, args).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
            return new Node(name, "http://127.0.0.1:" + http, builder.start(), log);
        }

        void awaitReady() throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("node " + name + " exited:\n" + tail(log));
                }
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + REALM
                            + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(1000);
            }
            throw new AssertionError("node " + name + " not ready within " + START_TIMEOUT + ":\n" + tail(log));
        }

        /** SIGKILL, as a crash or an OOM kill would: no graceful leave from the cluster. */
        void kill() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "node " + name + " killed");
            try {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + REALM)).build(),
                        HttpResponse.BodyHandlers.discarding());
                throw new AssertionError("node " + name + " still answers after the kill");
            } catch (IOException refused) {
                // down, as it should be
            }
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void run(Path home, List<String> args, Path log) throws Exception {
        Process process = command(home, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError("kc.sh " + args + " failed:\n" + tail(log));
        }
    }

    private static ProcessBuilder command(Path home, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(args);
        home.resolve("bin/kc.sh").toFile().setExecutable(true);
        return new ProcessBuilder(command).directory(home.toFile());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** JGroups also opens its failure-detection socket 100 above the bind port: both must be free. */
    private static int freeJgroupsPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = 20000 + (int) (Math.random() * 30000);
            try (ServerSocket first = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket second = new ServerSocket(port + 100, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port pair for JGroups");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }
}
