package io.github.kcrecovery.phonerecovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.TestUser;
import io.github.kcrecovery.sms.SmsLimits;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.PageStructure;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.username.RecoveryPages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Attacks on the SMS path (issue 10), each replayed against the real server: what an anonymous visitor learns from
 * the pages, how many guesses and parallel requests buy, and whom wrong codes can lock out.
 */
class PhoneRecoveryAttacksIT {

    /** Dasha and Egor, siblings sharing their parent's confirmed phone in the demo realm. */
    private static final String SIBLINGS_PHONE = "+79267778899";

    private static TestEnvironment env;
    private static AdminClient admin;
    private static CaptchaVerifyStub captcha;
    private final List<TestUser> users = new ArrayList<>();

    @RegisterExtension
    static final SendLimitsLifted SEND_LIMITS = SendLimitsLifted.liftedWithoutResendCooldown();

    @BeforeAll
    static void stubCaptcha() {
        env = TestEnvironment.get();
        admin = env.admin();
        captcha = CaptchaVerifyStub.install(env);
    }

    @AfterAll
    static void removeCaptchaStub() {
        captcha.close();
    }

    @BeforeEach
    void clearOutbox() {
        env.sms().settled(SETTLE);
        env.sms().clear();
    }

    @AfterEach
    void deleteUsers() {
        users.forEach(u -> deleteUser(admin, u));
    }

    private TestUser user(boolean withEmail) {
        TestUser user = createUser(admin, "attack", withEmail);
        users.add(user);
        return user;
    }

    /**
     * Attack (issue 11): IPv6 makes addresses cheap. A script holding one /64 (what one subscriber usually gets) sends
     * each recovery from a new address of it, through the reverse proxy the server trusts; counted per address, each
     * address had a per-IP SMS budget of its own. The /64 is one client: 2 SMS an hour, the third recovery gets its
     * page and no SMS; a client in another /64 still gets its SMS.
     */
    @Test
    void newIpv6AddressPerRequestFromOneSlash64_sharesOnePerIpBudget() {
        JsonNode before = setConfig(admin, RecoverySmsCodeFactory.PROVIDER_ID, Map.of(SmsLimits.MAX_SENDS_PER_IP, "2"));
        // the script's addresses are public ones, and the test server speaks plain HTTP: "SSL required: external" off
        String realm = "/admin/realms/" + REALM;
        assertEquals(204, admin.put(realm, "{\"sslRequired\":\"none\"}").status());
        try {
            PhoneRecoveryIT.Hour.awayFromBoundary();
            // a /64 of its own per run (documentation prefix 2001:db8::/32): the test server outlives a run of this class
            String site = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000)) + ":";
            int subnet = ThreadLocalRandom.current().nextInt(0xffff);
            String network = site + Integer.toHexString(subnet) + ":";
            String nextNetwork = site + Integer.toHexString(subnet + 1) + ":";
            List<TestUser> victims = List.of(user(false), user(false), user(false));
            for (int i = 0; i < victims.size(); i++) {
                TestUser victim = victims.get(i);
                PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env, env.browserFrom("[" + network + "a:b:c:" + (i + 1) + "]"))
                        .toCodePage(victim.username(), hiddenDigits(victim.phone()));
                assertNull(flow.alert(), "every recovery gets the usual code page");
            }
            int sent = victims.stream().mapToInt(victim -> smsTo(env, victim.phone()).size()).sum();
            assertEquals(2, sent, "3 addresses of " + network + ":/64, one client: 2 SMS an hour");

            TestUser elsewhere = user(false);
            new PhoneRecoveryDriver(env, env.browserFrom("[" + nextNetwork + "a:b:c:1]"))
                    .toCodePage(elsewhere.username(), hiddenDigits(elsewhere.phone()));
            assertEquals(1, smsTo(env, elsewhere.phone()).size(), "the next /64 is another client, with a budget of its own");
        } finally {
            admin.put(realm, "{\"sslRequired\":\"external\"}");
            restoreConfig(admin, before);
        }
    }

    /**
     * Attack: type a phone number on the identifier page and read the masked page. A number confirmed on an account
     * showed its own last digits, an unknown one random digits, a foreign one a +7 decoy.
     */
    @Test
    void typedPhoneNumberOracle_confirmedUnknownAndForeignNumbersGetAlikePages() {
        TestUser user = user(true);
        String unknown = randomPhone();
        String foreign = "+49151" + (10000000 + new java.security.SecureRandom().nextInt(89999999));
        Map<String, String> pages = new HashMap<>();
        for (String number : List.of(user.phone(), unknown, foreign)) {
            PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).start().identify(number, "sms");
            assertTrue(flow.onCodePage(), "a typed number goes straight to the code page: " + flow.page().text());
            String masked = flow.page().selectFirst(".recovery-masked-number").text();
            String countryCode = number.startsWith("+49") ? "+49" : "+7";
            assertTrue(masked.startsWith(countryCode) && masked.endsWith(number.substring(number.length() - 2)),
                    number + " shown as " + masked);
            pages.put(number, PageStructure.of(flow.page()));
        }
        assertEquals(pages.get(user.phone()), pages.get(unknown));
        assertEquals(pages.get(user.phone()), pages.get(foreign));
        assertEquals(1, smsTo(env, user.phone()).size(), "the confirmed number gets its code");
        assertEquals(0, smsTo(env, unknown).size() + smsTo(env, foreign).size());
    }

    /**
     * Attack: the decoy was derived from the account, so the username and the email of an account without a
     * confirmed phone showed the same decoy while two unknown identifiers showed different ones.
     */
    @Test
    void decoyDerivedFromTheAccountOracle_usernameAndEmailOfOneAccountGetUnrelatedDecoys() {
        int equal = 0;
        for (int i = 0; i < 3; i++) {
            String email = RecoveryPages.uniqueEmail();
            String username = RecoveryPages.createUser(env, email, true, null, "2000-01-01");
            String byUsername = new PhoneRecoveryDriver(env).start().identify(username, "sms")
                    .page().selectFirst(".recovery-masked-number").text();
            String byEmail = new PhoneRecoveryDriver(env).start().identify(email, "sms")
                    .page().selectFirst(".recovery-masked-number").text();
            equal += byUsername.equals(byEmail) ? 1 : 0;
        }
        assertTrue(equal < 3, "three accounts showed the same decoy for their username and their email");
    }

    /** Siblings sharing a phone: the SMS goes out; after the right code (and only then) the person picks the account. */
    @Test
    void numberOnSeveralAccountsGetsTheCodeThenThePersonPicksTheAccount() {
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).start().identify(SIBLINGS_PHONE, "sms");
        assertTrue(flow.onCodePage(), flow.page().text());
        assertFalse(flow.page().text().contains("dasha") || flow.page().text().contains("egor"), "no names before the code");
        String code = lastCode(env, SIBLINGS_PHONE);
        flow.code(code);
        assertNotNull(flow.page().selectFirst("#recovery-choose-account-form"), flow.page().text());
        assertTrue(flow.page().text().contains("dasha") && flow.page().text().contains("egor"), flow.page().text());
        flow.browser.submit("#recovery-choose-account-form", Map.of("account", "egor"));
        assertTrue(flow.onPasswordPage(), flow.page().text());
    }

    /**
     * Attack: wrong codes were counted per session only, so a new session (or "reset by email instead") gave a new
     * set of guesses. Two sessions of wrong codes use up the account's daily allowance; the third gets no SMS.
     */
    @Test
    void codeGuessingAcrossSessions_theAccountsDailyWrongCodeLimitStopsFurtherCodes() {
        TestUser user = user(true);
        for (int session = 0; session < 2; session++) {
            PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
            String wrong = lastCode(env, user.phone()).equals("000000") ? "111111" : "000000";
            for (int i = 0; i < 5; i++) {
                flow.code(wrong);
            }
        }
        int sent = smsTo(env, user.phone()).size();
        assertEquals(2, sent);
        PhoneRecoveryDriver third = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        assertTrue(third.onCodePage());
        assertEquals(sent, smsTo(env, user.phone()).size(), "no code once the account's wrong codes of the day are used up");
    }

    /**
     * Attack: the digit-mismatch limit was read before the comparison and written after it, so parallel guesses were
     * all compared. 30 sessions guess at once; at most the limit (3) may be compared.
     */
    @Test
    void parallelDigitGuessesRace_atMostTheLimitAreCompared() throws Exception {
        TestUser user = user(true);
        List<PhoneRecoveryDriver> sessions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).start().identify(user.username(), "sms");
            assertNotNull(flow.page().selectFirst("#recovery-phone-digits-form"));
            sessions.add(flow);
        }
        String hidden = hiddenDigits(user.phone());
        List<String> guesses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // 30 different wrong guesses: with a race many are compared, and one right guess among them would pass
            String guess = String.format("%0" + hidden.length() + "d", i);
            guesses.add(guess.equals(hidden) ? String.format("%0" + hidden.length() + "d", 99) : guess);
        }
        fireAtOnce(sessions.size(), i -> sessions.get(i).digits(guesses.get(i)));
        long compared = 0;
        for (JsonNode event : admin.get("/admin/realms/" + REALM + "/events?user=" + user.id() + "&max=1000").json()) {
            if ("phone_digits".equals(event.path("details").path("recovery_step").asText())
                    && "digits_mismatch".equals(event.path("details").path("reason").asText())) {
                compared++;
            }
        }
        assertTrue(compared <= 3, compared + " of 30 parallel guesses were compared");
    }

    /**
     * Attack: lock any account by its username without knowing its phone. Wrong digits (nothing sent), then wrong
     * codes: each was reported to the brute-force detector. Nothing was sent, so nothing may count.
     */
    @Test
    void lockoutWithoutTheDigits_wrongCodesWithoutASentCodeDoNotFeedTheBruteForceDetector() throws Exception {
        TestUser user = user(true);
        String wrongDigits = hiddenDigits(user.phone()).startsWith("0") ? "1" + hiddenDigits(user.phone()).substring(1)
                : "0" + hiddenDigits(user.phone()).substring(1);
        for (int session = 0; session < 2; session++) {
            PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), wrongDigits);
            for (int i = 0; i < 6; i++) {
                flow.code("123456");
            }
        }
        Thread.sleep(2000);
        String path = "/admin/realms/" + REALM + "/attack-detection/brute-force/users/" + user.id();
        JsonNode status = admin.get(path).json();
        assertEquals(0, status.path("numFailures").asInt(), status.toString());
        assertTrue(canLogIn(env, user.username(), PASSWORD), "the owner can still sign in");
    }

    interface Request {
        void run(int index) throws Exception;
    }

    /** Runs the requests on as many threads, released together. */
    static void fireAtOnce(int count, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                done.add(pool.submit(() -> {
                    start.await();
                    request.run(index);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
