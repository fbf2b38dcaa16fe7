package io.github.kcrecovery.username;

import io.github.kcrecovery.admin.DemoRealmUsers;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.PageStructure;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.github.kcrecovery.username.RecoveryPages.*;
import static org.junit.jupiter.api.Assertions.*;

/** Attacks on "forgot login" / "forgot both" (issue 10), replayed against the real server. */
class ForgotUsernameAttacksIT {

    private static final String PHONE_FORM = "#kc-recovery-username-phone-form";
    private static final TestEnvironment env = TestEnvironment.get();
    private static CaptchaVerifyStub captcha;
    private static FlowExecutions.Restore limits;

    @BeforeAll
    static void stubCaptcha() {
        captcha = CaptchaVerifyStub.install(env);
        // one IP sends everything: lift the per-IP limits so only the limits under attack are in play
        limits = usernameConfig(env, Map.of("maxSendsPerIpPerHour", "100000", "maxSendsPerRealmPerHour", "100000",
                "maxAttemptsPerIdentifierAndIp", "1000"));
    }

    @AfterAll
    static void restore() {
        limits.close();
        captcha.close();
    }

    /**
     * Attack: birth-date oracle through "forgot both, then reset by phone". The right date continued to the account's
     * real masked number, a wrong date to a decoy, so the mask told whether the date was right.
     */
    @Test
    void birthDateOracleThroughResetByPhone_theNextPageIsTheSameForTheRightAndAWrongDate() {
        String email = uniqueEmail();
        createUser(env, email, true, "+79165550147", "2004-04-04");
        String phone = DemoRealmUsers.freshPhone();
        createUser(env, uniqueEmail(), false, phone, "2004-04-04");

        for (String[] typed : List.of(new String[] {email, null}, new String[] {null, phone})) {
            BrowserlessSession right = ask(openUsernameForm(env, "both"), typed[0], typed[1], "2004-04-04");
            right.submit(PHONE_FORM, Map.of("resetByPhone", ""));
            BrowserlessSession wrong = ask(openUsernameForm(env, "both"), typed[0], typed[1], "2001-01-01");
            wrong.submit(PHONE_FORM, Map.of("resetByPhone", ""));
            String rightMask = right.document().select(".recovery-masked-number").text();
            assertFalse(rightMask.isBlank(), right.document().text());
            assertEquals(rightMask, wrong.document().select(".recovery-masked-number").text(), "the mask tells the date");
            assertEquals(PageStructure.of(right.document()), PageStructure.of(wrong.document()));
        }
    }

    /**
     * Attack: the birth-date mismatch limit was read before the comparison and written after it, so parallel
     * guesses were all compared. 30 fresh sessions guess at once; at most the limit (3) may be compared.
     */
    @Test
    void parallelBirthDateGuessesRace_atMostTheLimitAreCompared() throws Exception {
        String email = uniqueEmail();
        createUser(env, email, true, null, "2004-04-04");
        List<BrowserlessSession> sessions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sessions.add(openUsernameForm(env, "username"));
        }
        int before = comparedMismatches();
        ExecutorService pool = Executors.newFixedThreadPool(sessions.size());
        // without the captcha, whose one-at-a-time stub would space the requests out
        try (FlowExecutions.Restore noCaptcha = new FlowExecutions(env.admin())
                .overrideRequirement(FlowExecutions.USERNAME_FLOW, "recovery-captcha", "DISABLED")) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < sessions.size(); i++) {
                BrowserlessSession session = sessions.get(i);
                String guess = String.format("1990-01-%02d", i + 1);
                done.add(pool.submit(() -> {
                    start.await();
                    return ask(session, email, null, guess);
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int compared = comparedMismatches() - before;
        assertTrue(compared <= 3, compared + " of 30 parallel birth-date guesses were compared");
    }

    private static int comparedMismatches() {
        int count = 0;
        JsonNode events = env.admin().get("/admin/realms/demo/events?type=SEND_RESET_PASSWORD_ERROR&max=5000").json();
        for (JsonNode event : events) {
            if ("forgot_username".equals(event.path("details").path("recovery_step").asText())
                    && "birthdate_mismatch".equals(event.path("details").path("reason").asText())) {
                count++;
            }
        }
        return count;
    }
}
