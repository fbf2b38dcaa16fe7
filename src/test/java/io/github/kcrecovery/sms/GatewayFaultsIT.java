package io.github.kcrecovery.sms;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.PageStructure;
import io.github.kcrecovery.testing.Ports;
import io.github.kcrecovery.testing.ScratchRealm;
import io.github.kcrecovery.testing.ServerOptions;
import io.github.kcrecovery.testing.ServerProbe;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.github.kcrecovery.testing.RecoveryForms.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SMS gateway and the mail server failing under the recovery pages, in a copy of the demo realm
 * ({@link ScratchRealm}). The SMS goes out after the response, so the code page answers before a slow gateway has
 * failed and is the same page as for a decoy (which sends nothing), with the email path and the administrator
 * contacts as ways out; the failure is an error event, no server thread stays in the SMS sender, and the server
 * keeps serving. How long the pages took is printed, not asserted.
 */
class GatewayFaultsIT {

    static final String REALM = "faults";
    /** The slow realm gateway's read timeout: a send within the request would hold the page this long. */
    private static final String SLOW_GATEWAY_TIMEOUT_MS = "5000";
    /** The longest read timeout of these tests (5 s) and room for a busy machine. */
    private static final Duration BOUND = Duration.ofSeconds(5 + 6);
    /** Well beyond the read timeouts, so that a sender without a read timeout fails the test. */
    private static final SmsGatewayStub.Response SLOW = new SmsGatewayStub.Response(200, "{\"status\":\"OK\"}", Duration.ofSeconds(20));
    private static final String SEND_ERROR = "SEND_RESET_PASSWORD_ERROR";

    private static final String BIRTHDATE = "1990-01-01";
    private static final TestEnvironment env = TestEnvironment.get();
    private static final AdminClient admin = env.admin();
    private static final Map<String, String> phoneOf = new HashMap<>();

    @BeforeAll
    static void scratchRealm() {
        ScratchRealm.create(env, REALM);
    }

    @AfterAll
    static void dropScratchRealm() {
        // no queued failure may reach the tests that run after this class
        env.sms().clear();
        admin.delete("/admin/realms/" + REALM);
    }

    @Test
    void gateway500() throws Exception {
        assertSmsFailureHandled(new SmsGatewayStub.Response(500, "{\"error\":\"internal\"}", Duration.ZERO), "500", false);
    }

    @Test
    void gatewayGarbage() throws Exception {
        assertSmsFailureHandled(new SmsGatewayStub.Response(200, "\u0000<html>not json", Duration.ZERO), "garbage", false);
    }

    /**
     * The realm's gateway answers after 20 s, its read timeout is 5 s: the page must answer before that send has
     * failed, i.e. with no error event yet; a send within the request would record its failure first.
     */
    @Test
    void gatewaySlowerThanTheTimeout() throws Exception {
        withRealmGateway(env.sms().baseUrl() + "/sms/send", SLOW_GATEWAY_TIMEOUT_MS,
                () -> assertSmsFailureHandled(SLOW, "slow", true));
    }

    /** A gateway url where nothing listens, through the realm's own SMS settings (admin REST). */
    @Test
    void gatewayRefusingConnections() throws Exception {
        withRealmGateway("http://" + ServerOptions.REALM_GATEWAY_CLOSED_HOST + ":" + Ports.free() + "/sms/send", "2000",
                () -> assertSmsFailureHandled(null, "refused", false));
    }

    /** Runs {@code check} with the realm's own gateway (admin REST) at {@code url}; a broken endpoint fails the test. */
    private static void withRealmGateway(String url, String timeoutMs, Check check) throws Exception {
        String path = "/admin/realms/" + REALM + "/recovery/sms/settings";
        assertEquals(200, admin.get(path).status(), "the per-realm SMS settings endpoint");
        AdminClient.Response set = admin.put(path, Map.of("method", "POST", "url", url, "content-type", "json",
                "body", "{\"to\":\"{phone}\",\"text\":\"{text}\"}", "success-json-pointer", "/status",
                "success-json-value", "OK", "connect-timeout-ms", "2000", "read-timeout-ms", timeoutMs));
        assertEquals(204, set.status(), "setting the realm's gateway: " + set);
        try {
            check.run();
        } finally {
            assertEquals(204, admin.put(path, Map.of()).status(), "restoring the server's gateway");
        }
    }

    /**
     * Attack (pool exhaustion): realm A's own gateway never answers and its admin lets SMS pile up; realm B's SMS must
     * still reach B's gateway while A's sends hang, not after A's timeouts (10 s) have freed the sender: when it
     * arrives at the stub, realm A has no failed send yet.
     */
    @Test
    void aHungRealmGatewayDoesNotDelayAnotherRealmsSms() throws Exception {
        String hungRealm = "faults-hung";
        ScratchRealm.create(env, hungRealm);
        String path = "/admin/realms/" + hungRealm + "/recovery/sms/settings";
        try {
            assertEquals(204, admin.put(path, Map.of("url", env.sms().baseUrl() + SmsGatewayStub.HANG_PATH,
                    "body", "{\"to\":\"{phone}\",\"text\":\"{text}\"}", "read-timeout-ms", "10000")).status());
            long since = System.currentTimeMillis();
            // every page first, then all of realm A's SMS at once, so that they hang at the same time
            int hung = 8;
            List<Callable<Void>> hungSends = new java.util.ArrayList<>();
            for (int i = 0; i < hung; i++) {
                String hungUser = newUser(hungRealm, "hung" + i, true);
                BrowserlessSession hungBrowser = toDigitsPage(hungRealm, hungUser);
                hungSends.add(() -> {
                    hungBrowser.submit(DIGITS, Map.of("phoneDigits", hiddenDigits(phoneOf.get(hungUser))));
                    return null;
                });
            }
            String username = newUser("other-realm");
            BrowserlessSession browser = toDigitsPage(username);
            ExecutorService senders = Executors.newFixedThreadPool(hung);
            try {
                for (Future<Void> sent : senders.invokeAll(hungSends)) {
                    sent.get();
                }
            } finally {
                senders.shutdown();
            }
            // at least as many hanging as the old shared pool had threads (4)
            long hangingBy = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (env.sms().requests().stream().filter(r -> r.path().startsWith(SmsGatewayStub.HANG_PATH)).count() < 4
                    && System.nanoTime() < hangingBy) {
                Thread.sleep(50);
            }

            String phone = phoneOf.get(username);
            long start = System.nanoTime();
            browser.submit(DIGITS, Map.of("phoneDigits", hiddenDigits(phone)));
            env.sms().awaitRequest(r -> r.path().equals("/sms/send") && r.body().contains(phone), Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("realm B's SMS reached its gateway %d ms after the page was submitted, with realm A's gateway hung%n",
                    took.toMillis());
            assertNull(gatewayError(hungRealm, since), "realm B's SMS left only after realm A's hung sends had failed");
        } finally {
            env.sms().releaseHanging();
            admin.delete("/admin/realms/" + hungRealm);
        }
    }

    /** Several people at once behind a hanging gateway: every page comes back, and no thread stays in the sender. */
    @Test
    void concurrentSlowGatewayLeavesNoThreadBehind() throws Exception {
        int people = 6;
        ExecutorService pool = Executors.newFixedThreadPool(people);
        try {
            List<Callable<Long>> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < people; i++) {
                String username = newUser("slow" + i);
                tasks.add(() -> {
                    BrowserlessSession browser = toDigitsPage(username);
                    long start = System.nanoTime();
                    browser.submit(DIGITS, Map.of("phoneDigits", hiddenDigits(phoneOf.get(username))));
                    assertTrue(browser.has(CODE), "no code page: " + browser.document().text());
                    return System.nanoTime() - start;
                });
                env.sms().respondNext(SLOW);
            }
            long slowest = 0;
            for (Future<Long> took : pool.invokeAll(tasks)) {
                slowest = Math.max(slowest, took.get());
            }
            System.out.printf("%d people behind a slow gateway: the slowest code page answered in %d ms%n", people,
                    Duration.ofNanos(slowest).toMillis());
        } finally {
            pool.shutdownNow();
        }
        assertNoThreadStaysInTheSender();
        assertServerKeepsServing();
    }

    @Test
    void smtpDownStillAnswersAndIsAnEvent() throws Exception {
        String username = newUser("smtp");
        withSmtpDown(() -> {
            BrowserlessSession browser = env.browser();
            toIdentifierPage(browser);
            long since = System.currentTimeMillis();
            long start = System.nanoTime();
            browser.submit(IDENTIFIER, Map.of("username", username, "method", "email"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("email path with SMTP down answered in " + took.toMillis() + " ms");
            assertTrue(browser.status() < 500, "status " + browser.status());
            // by design the page does not say whether a mail went out (no enumeration); the event does
            JsonNode event = awaitEvent(SEND_ERROR, "smtp", since);
            assertNotNull(event, "no SEND_RESET_PASSWORD_ERROR event with reason smtp");
            assertEquals("reset_link_email", event.path("details").path("recovery_step").asText(), event.toString());
        });
    }

    /** The login reminder goes out after the answer: the page is the one an unknown address gets, the failure an event. */
    @Test
    void forgotUsernameWithSmtpDownIsAnEvent() throws Exception {
        String username = newUser("login-smtp");
        withSmtpDown(() -> {
            long since = System.currentTimeMillis();
            BrowserlessSession browser = submitForgotUsername(username + "@demo.local", "");
            assertEquals(forgotUsernameAnswerForNobody(), PageStructure.of(browser.document()), "not the page an unknown address gets");
            JsonNode event = awaitEvent(SEND_ERROR, "smtp", since);
            assertNotNull(event, "no SEND_RESET_PASSWORD_ERROR event with reason smtp");
            assertEquals("forgot_username", event.path("details").path("recovery_step").asText(), event.toString());
            assertEquals("email", event.path("details").path("recovery_method").asText(), event.toString());
        });
    }

    @Test
    void forgotUsernameBySmsWithGateway500IsAnEvent() throws Exception {
        String username = newUserWithoutEmail("login-sms");
        env.sms().respondNext(new SmsGatewayStub.Response(500, "{\"error\":\"internal\"}", Duration.ZERO));
        long since = System.currentTimeMillis();
        BrowserlessSession browser = submitForgotUsername("", phoneOf.get(username));
        assertEquals(forgotUsernameAnswerForNobody(), PageStructure.of(browser.document()), "not the page an unknown phone gets");
        JsonNode event = awaitEvent(SEND_ERROR, "gateway", since);
        assertNotNull(event, "no SEND_RESET_PASSWORD_ERROR event with reason gateway");
        assertEquals("forgot_username", event.path("details").path("recovery_step").asText(), event.toString());
        assertEquals("sms", event.path("details").path("recovery_method").asText(), event.toString());
        assertNoThreadStaysInTheSender();
    }

    /** Runs {@code check} with the realm's SMTP server pointed to a closed port, then restores it; the server must keep serving. */
    private static void withSmtpDown(Check check) throws Exception {
        JsonNode realm = admin.get("/admin/realms/" + REALM).json();
        Map<String, Object> smtp = AdminClient.JSON.convertValue(realm.path("smtpServer"), new TypeReference<Map<String, Object>>() {
        });
        Map<String, Object> broken = new HashMap<>(smtp);
        broken.put("port", String.valueOf(Ports.free()));
        admin.put("/admin/realms/" + REALM, Map.of("smtpServer", broken));
        try {
            check.run();
        } finally {
            admin.put("/admin/realms/" + REALM, Map.of("smtpServer", smtp));
        }
        assertServerKeepsServing();
    }

    /** Forgot username with the birth date every test account has. */
    private static BrowserlessSession submitForgotUsername(String email, String phone) {
        BrowserlessSession browser = env.browser();
        browser.get(resetUrl(REALM));
        browser.submit(CHOOSER, Map.of("recoveryOption", "username"));
        browser.submit(USERNAME, Map.of("email", email, "phone", phone, "birthdate", BIRTHDATE));
        assertEquals(200, browser.status());
        assertTrue(browser.has(USERNAME_SENT), browser.document().text());
        return browser;
    }

    private static String forgotUsernameAnswerForNobody() {
        return PageStructure.of(submitForgotUsername("nobody-" + Long.toHexString(System.nanoTime()) + "@demo.local", "").document());
    }

    /**
     * @param failsAfterTheAnswer the failure takes longer than the page (a gateway slower than the read timeout): then
     *                            there may be no error event yet when the page has answered
     */
    private static void assertSmsFailureHandled(SmsGatewayStub.Response failure, String label, boolean failsAfterTheAnswer)
            throws Exception {
        String username = newUser(label);
        BrowserlessSession browser = toDigitsPage(username);
        if (failure != null) {
            env.sms().respondNext(failure);
        }
        long since = System.currentTimeMillis();
        long start = System.nanoTime();
        browser.submit(DIGITS, Map.of("phoneDigits", hiddenDigits(phoneOf.get(username))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("gateway %s: page answered in %d ms%n", label, took.toMillis());
        if (failsAfterTheAnswer) {
            assertNull(gatewayError(REALM, since), "the page waited for the gateway: its failure came first");
        }

        assertEquals(200, browser.status());
        String text = browser.document().text();
        assertEquals(decoyCodePage(), PageStructure.of(browser.document()), "not the page of a decoy");
        assertTrue(browser.has("#recovery-use-email"), "no way out by email: " + text);
        assertTrue(browser.has("#recovery-contact-admin[href]"), "no administrator contacts: " + text);
        assertNotNull(awaitEvent(SEND_ERROR, "gateway", since), "no gateway error event");
        assertNoThreadStaysInTheSender();
        assertServerKeepsServing();
    }

    /** The code page of an unknown account, which sends nothing. */
    private static String decoyCodePage() throws Exception {
        BrowserlessSession browser = toDigitsPage("nobody-" + Long.toHexString(System.nanoTime()));
        browser.submit(DIGITS, Map.of("phoneDigits", "91612345"));
        assertEquals(200, browser.status());
        return PageStructure.of(browser.document());
    }

    /** The background sends end within the sender's read timeout: then no server thread is in the SMS sender. */
    private static void assertNoThreadStaysInTheSender() {
        env.keycloak().jvm().ifPresent(jvm -> {
            long deadline = System.nanoTime() + BOUND.toNanos();
            String threads;
            do {
                threads = new ServerProbe(jvm.pid()).threadDump();
                assertTrue(threads.contains("java.lang.Thread"), "no thread dump: " + threads);
            } while (threads.contains("io.github.kcrecovery.sms") && System.nanoTime() < deadline && pause());
            assertTrue(!threads.contains("io.github.kcrecovery.sms"), "a server thread is still in the SMS sender:\n" + threads);
        });
    }

    private static boolean pause() {
        try {
            Thread.sleep(250);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String newUser(String label) {
        return newUser(label, true);
    }

    /** Only a confirmed phone: forgot username answers by SMS. */
    private static String newUserWithoutEmail(String label) {
        return newUser(label, false);
    }

    private static String newUser(String label, boolean withEmail) {
        return newUser(REALM, label, withEmail);
    }

    private static String newUser(String realm, String label, boolean withEmail) {
        String phone = String.format("+7915%07d", (long) (Math.random() * 10_000_000));
        String username = "fault-" + label + "-" + Long.toHexString(System.nanoTime());
        Map<String, Object> user = new HashMap<>();
        user.put("username", username);
        if (withEmail) {
            user.put("email", username + "@demo.local");
            user.put("emailVerified", true);
        }
        user.put("firstName", "Fault");
        user.put("lastName", "Test");
        user.put("attributes", Map.of("phoneNumber", List.of(phone), "phoneNumberVerified", List.of("true"),
                "phoneNumberConfirmed", List.of(phone), "birthdate", List.of(BIRTHDATE)));
        admin.createUser(realm, user, "Password-1");
        phoneOf.put(username, phone);
        return username;
    }

    private static BrowserlessSession toDigitsPage(String username) {
        return toDigitsPage(REALM, username);
    }

    private static BrowserlessSession toDigitsPage(String realm, String username) {
        BrowserlessSession browser = env.browser();
        toIdentifierPage(realm, browser);
        browser.submit(IDENTIFIER, Map.of("username", username, "method", "sms"));
        assertTrue(browser.has(DIGITS), browser.document().text());
        return browser;
    }

    private static void toIdentifierPage(BrowserlessSession browser) {
        toIdentifierPage(REALM, browser);
    }

    private static void toIdentifierPage(String realm, BrowserlessSession browser) {
        browser.get(resetUrl(realm));
        if (browser.has(CHOOSER)) {
            browser.submit(CHOOSER, Map.of("recoveryOption", "password"));
        }
        assertTrue(browser.has(IDENTIFIER), browser.document().text());
    }

    private static String hiddenDigits(String e164) {
        String national = e164.substring(2);
        return national.substring(0, national.length() - 2);
    }

    /** An event of this type (and {@code reason} detail, if given) from {@code since} on, within ten seconds, or null. */
    private static JsonNode awaitEvent(String type, String reason, long since) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            JsonNode event = event(REALM, type, reason, since - 1000);
            if (event != null) {
                return event;
            }
            Thread.sleep(100);
        }
        return null;
    }

    /** A failed SMS send in {@code realm} from {@code since} on (no earlier), as of now, or null. */
    private static JsonNode gatewayError(String realm, long since) {
        return event(realm, SEND_ERROR, "gateway", since);
    }

    private static JsonNode event(String realm, String type, String reason, long since) {
        for (JsonNode event : admin.get("/admin/realms/" + realm + "/events?type=" + type + "&max=50").json()) {
            if (event.path("time").asLong() >= since
                    && (reason == null || reason.equals(event.path("details").path("reason").asText()))) {
                return event;
            }
        }
        return null;
    }

    /** Forty quick page loads after the fault all answer 200. */
    private static void assertServerKeepsServing() {
        BrowserlessSession browser = env.browser();
        for (int i = 0; i < 40; i++) {
            browser.get(resetUrl(REALM));
            assertEquals(200, browser.status(), "request " + i + " after the fault");
        }
    }

    private interface Check {
        void run() throws Exception;
    }
}
