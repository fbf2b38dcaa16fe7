package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.sms.SmsLimits;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.captcha.RecoveryCaptchaFactory;
import io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.TestUser;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.DistKeycloakServer;
import io.github.kcrecovery.testing.KeycloakCluster;
import io.github.kcrecovery.testing.RequiresTools;
import io.github.kcrecovery.testing.ServerProbe;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.Tool;
import io.github.kcrecovery.throttle.Throttle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static io.github.kcrecovery.testing.RecoveryForms.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two production-mode Keycloak nodes (default clustered caches, jdbc-ping discovery) on one PostgreSQL, started by
 * the harness ({@link KeycloakCluster}): a code requested through node A is accepted through node B, the SMS limits
 * count across both nodes, and when node A is killed in the middle of a recovery the person finishes on node B with
 * the limits counted on A still in force, and a script typing random identifiers into both nodes fills no more of
 * the replicated store than the throttle's budget of entries. Needs {@code initdb} and {@code pg_ctl} on the PATH.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RequiresTools(Tool.POSTGRESQL)
class PhoneRecoveryClusterIT {

    /** Infinispan's log line when a node sees the cluster change; {@code (1)}: it is the only member left. */
    private static final Pattern ALONE_IN_THE_CLUSTER = Pattern.compile("ISPN000094: Received new cluster view .*\\(1\\)");
    private static final Duration VIEW_CHANGE_WAIT = Duration.ofSeconds(60);
    /**
     * The nodes' {@code --spi-sms-sender--throttle-entries} (default 65,536): small, so a short script reaches it. The
     * other tests' limits stay exact: each of them counts fresh numbers, and no two of them with the same limit.
     */
    private static final int THROTTLE_ENTRIES = 64;
    /** Forgot-login requests of the script, each with a random email and a random phone number. */
    private static final int SCRIPT_REQUESTS = 150;
    private static final int SCRIPT_THREADS = 4;
    /** Entries others may add meanwhile (Keycloak's own, the fold's secret). */
    private static final int SLACK = 16;

    private static KeycloakCluster cluster;
    private static DistKeycloakServer a;
    private static DistKeycloakServer b;
    private static AdminClient admin;
    private static CaptchaVerifyStub captcha;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KeycloakCluster.start(2, List.of("--spi-sms-sender--" + Throttle.ENTRIES_OPTION + "=" + THROTTLE_ENTRIES));
        a = cluster.node(0);
        b = cluster.node(1);
        // through node B, which outlives node A
        admin = cluster.admin(b);
        captcha = CaptchaVerifyStub.install(admin);
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (captcha != null) {
                captcha.close();
            }
        } finally {
            // whatever failed above: no node, database or stub may outlive the test JVM
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void codeRequestedOnNodeAIsAcceptedOnNodeB() {
        TestUser user = createUser(admin, "cluster", true);
        try {
            BrowserlessSession browser = toCodePage(a, user);
            String code = lastCodeTo(user.phone());

            browser.post(actionOn(b, browser, CODE), Map.of("code", code));
            assertNotNull(browser.document().selectFirst(NEW_PASSWORD), "node B took node A's code: " + browser.document().text());
        } finally {
            deleteUser(admin, user);
        }
    }

    @Test
    void limitsCountAcrossBothNodes() {
        // 3, not the failover test's 2: with 64 throttle entries two numbers under the same limit may share a row
        JsonNode before = setConfig(admin, RecoverySmsCodeFactory.PROVIDER_ID, Map.of(
                PhoneRecoverySettings.RESEND_COOLDOWN, "0", SmsLimits.MAX_SENDS_PER_NUMBER, "3"));
        TestUser user = createUser(admin, "cluster", true);
        try {
            PhoneRecoveryIT.Hour.awayFromBoundary();
            for (DistKeycloakServer node : List.of(a, b, b, a, b)) {
                toCodePage(node, user);
            }
            assertEquals(3, sentTo(user.phone()).size(), "3 per number per hour, counted over both nodes");
        } finally {
            deleteUser(admin, user);
            restoreConfig(admin, before);
        }
    }

    /**
     * Attack (issue 11): a script types random identifiers into "forgot login", a random email and phone number per
     * request, through both nodes at once. Each identifier kept an attempt row (1 h) and a birth-date row (24 h) in the
     * replicated store, on both nodes: 2 entries per identifier. Folded, each of these two kinds of limit holds at most
     * {@link #THROTTLE_ENTRIES} entries. The captcha is off meanwhile: it remembers each solved token for 10 min, which
     * is not the throttle's count, and a realm may run without one.
     */
    @Test
    void randomIdentifiersFromAScript_fillAtMostTheThrottleEntriesOnEitherNode() throws Exception {
        StoreFigures beforeA = StoreFigures.of(a);
        StoreFigures beforeB = StoreFigures.of(b);
        long started = System.nanoTime();
        int answered;
        try (FlowExecutions.Restore noCaptcha = new FlowExecutions(admin)
                .overrideRequirement(FlowExecutions.USERNAME_FLOW, RecoveryCaptchaFactory.PROVIDER_ID, "DISABLED")) {
            answered = runScript();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        StoreFigures afterA = StoreFigures.of(a);
        StoreFigures afterB = StoreFigures.of(b);
        System.out.printf("throttle after %,d random identifiers (%,d forgot-login requests, %d threads, nodes A and B, %.1f s),"
                        + " throttle-entries %d: node A %s; node B %s%n", 2 * SCRIPT_REQUESTS, SCRIPT_REQUESTS, SCRIPT_THREADS,
                seconds, THROTTLE_ENTRIES, beforeA.to(afterA), beforeB.to(afterB));

        assertEquals(SCRIPT_REQUESTS, answered, "requests answered with the forgot-login answer page");
        long bound = 2L * THROTTLE_ENTRIES + SLACK;
        for (long growth : List.of(afterA.entries() - beforeA.entries(), afterB.entries() - beforeB.entries())) {
            assertTrue(growth >= THROTTLE_ENTRIES / 2, "the script's counts are store entries on both nodes: +" + growth);
            assertTrue(growth <= bound, "+" + growth + " store entries for " + 2 * SCRIPT_REQUESTS
                    + " random identifiers; at most " + bound + " (2 kinds x " + THROTTLE_ENTRIES + " + " + SLACK + ")");
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
            BrowserlessSession person = toCodePage(a, user);
            String code = lastCodeTo(user.phone());
            toCodePage(a, user);
            assertEquals(2, sentTo(user.phone()).size(), "the number's 2 SMS of the hour, both sent by node A");

            long bLogBeforeTheKill = Files.size(b.logFile());
            // SIGKILL, as a crash or an OOM kill would: no graceful leave from the cluster
            assertTrue(a.kill(), "node A killed");
            assertFalse(a.listens(), "node A still answers after the kill");

            person.post(actionOn(b, person, CODE), Map.of("code", code));
            assertNotNull(person.document().selectFirst(NEW_PASSWORD), "node B took the code node A sent: " + person.document().text());
            person.post(person.formAction(NEW_PASSWORD),
                    Map.of("password-new", "Failover-Pass-7", "password-confirm", "Failover-Pass-7"));
            assertTrue(passwordGrant(b, user.username(), "Failover-Pass-7"), "the new password set on node B logs in");
            assertFalse(passwordGrant(b, user.username(), PASSWORD), "the old password no longer does");
            // the password-changed notice comes on top: notices count under the verify-phone action's limits
            assertEquals(3, sentTo(user.phone()).size(), "the 2 codes from node A, then node B's password-changed notice");

            toCodePage(b, user);
            assertEquals(3, sentTo(user.phone()).size(), "node B still counts the 2 codes node A sent: no third code");
            assertTrue(logsItselfAlone(b, bLogBeforeTheKill), "node B's log shows no cluster view without node A: " + b.logFile());
        } finally {
            deleteUser(admin, user);
            restoreConfig(admin, before);
        }
    }

    /** The script's requests, alternating nodes A and B: how many got the forgot-login answer page. */
    private static int runScript() throws Exception {
        ExecutorService script = Executors.newFixedThreadPool(SCRIPT_THREADS);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < SCRIPT_REQUESTS; i++) {
                DistKeycloakServer node = i % 2 == 0 ? a : b;
                answers.add(script.submit(() -> askForLoginWithRandomIdentifiers(node)));
            }
            int answered = 0;
            for (Future<Boolean> answer : answers) {
                answered += answer.get() ? 1 : 0;
            }
            return answered;
        } finally {
            script.shutdownNow();
        }
    }

    /** A fresh browser through "forgot login" on {@code node}, with a random email and phone number. */
    private static boolean askForLoginWithRandomIdentifiers(DistKeycloakServer node) {
        BrowserlessSession browser = cluster.browser();
        browser.get(node.baseUrl() + resetUrl(REALM));
        browser.submit(CHOOSER, Map.of("recoveryOption", "username"));
        // a captcha token too, for a node that has not yet heard that the captcha is off
        browser.submit(USERNAME, Map.of("email", "script-" + UUID.randomUUID() + "@example.org",
                "phone", "+7925" + ThreadLocalRandom.current().nextInt(1_000_000, 10_000_000), "birthdate", "1990-01-01",
                CaptchaVerifyStub.RESPONSE_FIELD, CaptchaVerifyStub.passToken()));
        return browser.has(USERNAME_SENT);
    }

    /** A node's entries of the single-use store and its heap in use, both after a full collection. */
    private record StoreFigures(long entries, long heapKiB) {

        static StoreFigures of(DistKeycloakServer node) {
            ServerProbe probe = new ServerProbe(node.jvm().orElseThrow().pid());
            long heap = probe.heapAfterGcKiB().orElseThrow();
            return new StoreFigures(probe.singleUseObjects(), heap);
        }

        String to(StoreFigures after) {
            return String.format("store entries %,d -> %,d (%+,d), heap %.1f -> %.1f MiB", entries, after.entries,
                    after.entries - entries, heapKiB / 1024.0, after.heapKiB / 1024.0);
        }
    }

    /** Direct grant with the demo realm's {@code admin-cli} client: true when the password is accepted. */
    private static boolean passwordGrant(DistKeycloakServer node, String username, String password) throws Exception {
        String form = BrowserlessSession.formBody(Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", username, "password", password));
        HttpResponse<String> response = BrowserlessSession.http().send(HttpRequest.newBuilder(
                        URI.create(node.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains("access_token");
    }

    /** A fresh browser (cookies for both nodes) through the phone path on {@code node}, up to the code page. */
    private static BrowserlessSession toCodePage(DistKeycloakServer node, TestUser user) {
        BrowserlessSession browser = cluster.browser();
        browser.get(node.baseUrl() + "/realms/" + REALM + "/login-actions/reset-credentials?client_id=account-console");
        browser.submit(CHOOSER, Map.of("recoveryOption", "password"));
        browser.submit(IDENTIFIER, Map.of("username", user.username(), "method", "sms",
                CaptchaVerifyStub.RESPONSE_FIELD, CaptchaVerifyStub.passToken()));
        browser.submit(DIGITS, Map.of("phoneDigits", hiddenDigits(user.phone())));
        assertTrue(browser.has(CODE), browser.document().text());
        return browser;
    }

    /** The action of the page's form, sent to {@code node} instead of the node that rendered it. */
    private static String actionOn(DistKeycloakServer node, BrowserlessSession browser, String form) {
        assertTrue(browser.has(form), "no " + form + " on: " + browser.document().text());
        return browser.formAction(form).replace(a.baseUrl(), node.baseUrl());
    }

    /** The SMS to the number, once none arrived for a while: the nodes send them after their responses. */
    private static List<SmsGatewayStub.Request> sentTo(String e164) {
        return smsTo(cluster.sms(), e164);
    }

    private static String lastCodeTo(String e164) {
        List<SmsGatewayStub.Request> sent = sentTo(e164);
        assertEquals(1, sent.size(), "one SMS to the user");
        return codeIn(sent.get(0));
    }

    /** Whether {@code node}'s log, past its first {@code from} bytes, shows it alone in the cluster within a minute. */
    private static boolean logsItselfAlone(DistKeycloakServer node, long from) throws Exception {
        long deadline = System.nanoTime() + VIEW_CHANGE_WAIT.toNanos();
        do {
            byte[] log = Files.readAllBytes(node.logFile());
            String since = new String(log, (int) Math.min(from, log.length), (int) Math.max(0, log.length - from), StandardCharsets.UTF_8);
            if (ALONE_IN_THE_CLUSTER.matcher(since).find()) {
                return true;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return false;
    }
}
