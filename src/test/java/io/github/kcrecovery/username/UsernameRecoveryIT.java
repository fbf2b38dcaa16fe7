package io.github.kcrecovery.username;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.MailSink;
import io.github.kcrecovery.testing.Smoke;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.TestEnvironment;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.kcrecovery.username.RecoveryPages.SENT_PAGE;
import static io.github.kcrecovery.username.RecoveryPages.ask;
import static io.github.kcrecovery.username.RecoveryPages.createUser;
import static io.github.kcrecovery.username.RecoveryPages.fingerprint;
import static io.github.kcrecovery.username.RecoveryPages.openUsernameForm;
import static io.github.kcrecovery.username.RecoveryPages.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forgot login and forgot both against the real server; the captcha is passed through the local verify stub. */
class UsernameRecoveryIT {

    /** Mail goes out after the response: long enough for it to arrive, and to be sure nothing else does. */
    private static final Duration MAIL_WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofSeconds(3);

    // set per class run, not at class initialization: the smoke suites run this class again on an older server
    private static TestEnvironment env;
    private static CaptchaVerifyStub captcha;
    private static FlowExecutions.Restore smsLimits;

    @BeforeAll
    static void stubCaptcha() {
        env = TestEnvironment.get();
        captcha = CaptchaVerifyStub.install(env);
        // every test comes from 127.0.0.1, and the per-IP and realm SMS budgets are shared with the phone path's
        // tests: lift them here, so an SMS reminder is not refused for what other test classes sent
        smsLimits = RecoveryPages.usernameConfig(env, Map.of("maxSendsPerIpPerHour", "100000", "maxSendsPerRealmPerHour", "100000"));
    }

    @AfterAll
    static void restoreCaptcha() {
        smsLimits.close();
        captcha.close();
    }

    @BeforeEach
    void clearOutboxes() {
        env.mail().clear();
        env.sms().clear();
    }

    @Test
    @Smoke
    void rightEmailAndBirthdateSendOneEmailWithTheLoginToTheAddressOnFile() {
        String email = uniqueEmail();
        String username = createUser(env, email, true, null, "2001-02-03");

        BrowserlessSession browser = ask(openUsernameForm(env, "username"), email.toUpperCase(), null, "2001-02-03");

        assertEquals(200, browser.status());
        assertNotNull(browser.document().selectFirst(SENT_PAGE), browser.document().text());
        List<MimeMessage> mails = env.mail().awaitMessages(1, MAIL_WAIT);
        sleep(QUIET);
        assertEquals(1, env.mail().messages().size(), "exactly one email");
        assertEquals(1, env.mail().messagesTo(email).size(), "to the address on file");
        String text = MailSink.textBody(mails.get(0));
        assertTrue(text.contains(username), text);
        assertFalse(text.contains("2001-02-03"), "no birth date in the mail");
    }

    @Test
    @Smoke
    void wrongBirthdateOrUnknownEmailSendNothingAndShowTheSamePage() {
        String email = uniqueEmail();
        createUser(env, email, true, null, "1999-09-09");

        BrowserlessSession right = ask(openUsernameForm(env, "username"), email, null, "1999-09-09");
        BrowserlessSession wrong = ask(openUsernameForm(env, "username"), email, null, "1999-09-10");
        BrowserlessSession unknown = ask(openUsernameForm(env, "username"), uniqueEmail(), null, "1999-09-09");

        assertEquals(right.status(), wrong.status());
        assertEquals(right.status(), unknown.status());
        assertEquals(fingerprint(right.document()), fingerprint(wrong.document()));
        assertEquals(fingerprint(right.document()), fingerprint(unknown.document()));
        env.mail().awaitMessages(1, MAIL_WAIT);
        sleep(QUIET);
        assertEquals(1, env.mail().messages().size(), "only the right birth date sends");
    }

    @Test
    void unconfirmedEmailGetsNothing() {
        String email = uniqueEmail();
        createUser(env, email, false, null, "1988-08-08");

        BrowserlessSession browser = ask(openUsernameForm(env, "username"), email, null, "1988-08-08");

        assertNotNull(browser.document().selectFirst(SENT_PAGE));
        sleep(QUIET);
        assertEquals(0, env.mail().messages().size());
    }

    @Test
    void phoneOnlyAccountGetsItsLoginBySms() throws InterruptedException {
        // vera: no email, confirmed phone +79031112233
        BrowserlessSession browser = ask(openUsernameForm(env, "username"), null, "8 (903) 111-22-33", "2011-07-21");

        assertNotNull(browser.document().selectFirst(SENT_PAGE));
        List<SmsGatewayStub.Request> sms = env.sms().awaitRequests(1, MAIL_WAIT);
        assertEquals(1, sms.size());
        assertTrue(sms.get(0).body().contains("+79031112233"), sms.get(0).body());
        assertTrue(sms.get(0).body().contains("vera"), sms.get(0).body());
        sleep(QUIET);
        assertEquals(1, env.sms().requests().size());
        assertEquals(0, env.mail().messages().size());
    }

    @Test
    void anUnconfirmedPhoneGetsNothingEvenWithTheRightBirthdate() {
        // zoya: confirmed email, phone +79035556677 NOT confirmed
        ask(openUsernameForm(env, "username"), null, "+7 903 555-66-77", "1990-06-18");

        sleep(QUIET);
        assertEquals(0, env.sms().requests().size());
        assertEquals(0, env.mail().messages().size());
    }

    @Test
    void smsRemindersCanBeSwitchedOff() {
        try (FlowExecutions.Restore ignored = RecoveryPages.usernameConfig(env, Map.of("sendSms", "false"))) {
            createUser(env, null, false, "+79165550188", "2000-12-12");
            BrowserlessSession browser = ask(openUsernameForm(env, "username"), null, "+79165550188", "2000-12-12");

            assertNotNull(browser.document().selectFirst(SENT_PAGE));
            sleep(QUIET);
            assertEquals(0, env.sms().requests().size());
        }
    }

    @Test
    void sharedEmailCoversOnlyTheAccountBornOnThatDate() {
        // dasha (2012-05-05) and egor (2014-09-09) share family@demo.local
        ask(openUsernameForm(env, "username"), "family@demo.local", null, "2014-09-09");

        List<MimeMessage> mails = env.mail().awaitMessages(1, MAIL_WAIT);
        sleep(QUIET);
        assertEquals(1, env.mail().messages().size());
        String text = MailSink.textBody(mails.get(0));
        assertTrue(text.contains("egor"), text);
        assertFalse(text.contains("dasha"), text);
    }

    @Test
    void afterThreeMismatchesEvenTheRightBirthdateSendsNothing() {
        String email = uniqueEmail();
        createUser(env, email, true, null, "1977-07-07");
        String page = null;
        for (String wrongDate : List.of("1977-07-08", "1977-07-09", "1977-07-10")) {
            page = fingerprint(ask(openUsernameForm(env, "username"), email, null, wrongDate).document());
        }

        BrowserlessSession fourth = ask(openUsernameForm(env, "username"), email, null, "1977-07-07");

        assertEquals(200, fourth.status());
        assertEquals(page, fingerprint(fourth.document()), "page unchanged");
        sleep(QUIET);
        assertEquals(0, env.mail().messages().size());
    }

    @Test
    void overTheIdentifierAndIpLimitNothingIsSent() {
        try (FlowExecutions.Restore ignored = RecoveryPages.usernameConfig(env, Map.of("maxAttemptsPerIdentifierAndIpPerHour", "1"))) {
            String email = uniqueEmail();
            createUser(env, email, true, null, "2002-02-02");
            String first = fingerprint(ask(openUsernameForm(env, "username"), email, null, "2002-02-02").document());
            env.mail().awaitMessages(1, MAIL_WAIT);

            String second = fingerprint(ask(openUsernameForm(env, "username"), email, null, "2002-02-02").document());

            assertEquals(first, second);
            sleep(QUIET);
            assertEquals(1, env.mail().messages().size(), "the second attempt from this IP sent nothing");
        }
    }

    @Test
    @Smoke
    void forgotBothMailsTheLoginAndAResetLinkThatSetsANewPassword() {
        String email = uniqueEmail();
        String username = createUser(env, email, true, null, "2003-03-03");

        BrowserlessSession browser = ask(openUsernameForm(env, "both"), email, null, "2003-03-03");
        assertNotNull(browser.document().selectFirst("#kc-recovery-reset-by-phone"), "the phone way is offered");

        String text = MailSink.textBody(env.mail().awaitMessages(1, MAIL_WAIT).get(0));
        assertTrue(text.contains(username), text);

        // opened on another device: a fresh browser follows the link to Keycloak's update-password page
        setNewPasswordThroughTheLink(env.browser(), resetLink(text), "Brand-new-1");
        assertSignsIn(username, "Brand-new-1");
    }

    @Test
    void forgotBothResetLinkAlsoWorksInTheBrowserThatAskedForIt() {
        String email = uniqueEmail();
        String username = createUser(env, email, true, null, "2007-07-07");

        BrowserlessSession browser = ask(openUsernameForm(env, "both"), email, null, "2007-07-07");
        String text = MailSink.textBody(env.mail().awaitMessages(1, MAIL_WAIT).get(0));

        // the flow of this browser still waits on the answer page: the link resumes it into the password reset
        setNewPasswordThroughTheLink(browser, resetLink(text), "Same-browser-1");
        assertSignsIn(username, "Same-browser-1");
    }

    @Test
    void forgotBothByPhoneContinuesWithTheMatchedAccountsMaskedNumber() {
        String email = uniqueEmail();
        createUser(env, email, true, "+79165550147", "2004-04-04");

        BrowserlessSession browser = ask(openUsernameForm(env, "both"), email, null, "2004-04-04");
        browser.submit("#kc-recovery-username-phone-form", Map.of("resetByPhone", ""));

        String masked = browser.document().select(".recovery-masked-number").text();
        assertTrue(masked.endsWith("47"), masked + " / " + browser.document().text());
        assertNotNull(browser.document().selectFirst("#recovery-phone-digits-form"));
        env.mail().awaitMessages(1, MAIL_WAIT);
    }

    @Test
    @Smoke
    void forgotBothByPhoneIsADecoyWhenNothingMatched() {
        String unknown = uniqueEmail();
        BrowserlessSession first = ask(openUsernameForm(env, "both"), unknown, null, "2004-04-04");
        first.submit("#kc-recovery-username-phone-form", Map.of("resetByPhone", ""));
        BrowserlessSession second = ask(openUsernameForm(env, "both"), unknown, null, "2004-04-04");
        second.submit("#kc-recovery-username-phone-form", Map.of("resetByPhone", ""));

        String masked = first.document().select(".recovery-masked-number").text();
        assertFalse(masked.isBlank(), first.document().text());
        assertEquals(masked, second.document().select(".recovery-masked-number").text(), "the decoy is stable");
        first.submit("#recovery-phone-digits-form", Map.of("phoneDigits", "123456789"));
        sleep(QUIET);
        assertEquals(0, env.sms().requests().size());
        assertEquals(0, env.mail().messages().size());
    }

    @Test
    void usernameOnlyNeverContinuesToAPasswordReset() {
        String email = uniqueEmail();
        createUser(env, email, true, null, "2005-05-05");

        BrowserlessSession browser = ask(openUsernameForm(env, "username"), email, null, "2005-05-05");

        assertNull(browser.document().selectFirst("#kc-recovery-username-phone-form"));
        String text = MailSink.textBody(env.mail().awaitMessages(1, MAIL_WAIT).get(0));
        assertFalse(text.contains("action-token"), "no reset link for a forgotten login alone: " + text);
        browser.get(browser.url().toString());
        assertNotNull(browser.document().selectFirst(SENT_PAGE), "a reload stays on the same page");
        assertNull(browser.document().selectFirst("input[name=password-new]"));
    }

    /** The page answers while the reminder still waits for the mail server: it does not wait for its timeout. */
    @Test
    void aMailServerThatNeverAnswersDoesNotDelayThePage() throws Exception {
        String email = uniqueEmail();
        createUser(env, email, true, null, "2006-06-06");
        AdminClient admin = env.admin();
        JsonNode smtp = admin.get("/admin/realms/demo").json().get("smtpServer");
        try (SilentMailServer silent = new SilentMailServer()) {
            Map<String, Object> stuck = new HashMap<>(AdminClient.JSON.convertValue(smtp, Map.class));
            stuck.put("host", "127.0.0.1");
            stuck.put("port", String.valueOf(silent.port()));
            assertEquals(204, admin.put("/admin/realms/demo", Map.of("smtpServer", stuck)).status());
            try {
                BrowserlessSession browser = openUsernameForm(env, "username");
                long start = System.nanoTime();
                ask(browser, email, null, "2006-06-06");
                System.out.printf("forgot login with a mail server that never answers: the page answered in %d ms%n",
                        (System.nanoTime() - start) / 1_000_000);
                assertNotNull(browser.document().selectFirst(SENT_PAGE));
                assertFalse(silent.aClientGaveUp(), "the page answered only after the mail client had given up");
            } finally {
                assertEquals(204, admin.put("/admin/realms/demo", Map.of("smtpServer", smtp)).status());
            }
        }
    }

    /**
     * Accepts connections and never says a word, so an SMTP client waits for its read timeout, then closes the
     * connection: noted as a client that gave up.
     */
    private static final class SilentMailServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> clients = new CopyOnWriteArrayList<>();
        private volatile boolean closing;
        private volatile boolean aClientGaveUp;

        SilentMailServer() throws IOException {
            daemon(this::acceptAll);
        }

        int port() {
            return server.getLocalPort();
        }

        boolean aClientGaveUp() {
            return aClientGaveUp;
        }

        private void acceptAll() {
            try {
                while (true) {
                    Socket client = server.accept();
                    clients.add(client);
                    daemon(() -> awaitGivingUp(client));
                }
            } catch (IOException closed) {
                // close()
            }
        }

        private void awaitGivingUp(Socket client) {
            try {
                while (client.getInputStream().read() != -1) {
                    // whatever the client says goes unanswered
                }
            } catch (IOException e) {
                // reset by the client, or closed by close()
            }
            if (!closing) {
                aClientGaveUp = true;
            }
        }

        private static void daemon(Runnable task) {
            Thread thread = new Thread(task, "silent-mail-server");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            closing = true;
            server.close();
            for (Socket client : clients) {
                client.close();
            }
        }
    }

    private static String resetLink(String mailText) {
        Matcher link = Pattern.compile("(http\\S+/login-actions/action-token\\S+)").matcher(mailText);
        assertTrue(link.find(), mailText);
        return link.group(1);
    }

    private static void setNewPasswordThroughTheLink(BrowserlessSession browser, String link, String password) {
        browser.get(link);
        assertNotNull(browser.document().selectFirst("input[name=password-new]"), browser.document().text());
        browser.submit("#kc-passwd-update-form", Map.of("password-new", password, "password-confirm", password));
        assertEquals(200, browser.status());
    }

    private void assertSignsIn(String username, String password) {
        BrowserlessSession login = env.browser();
        login.get(RecoveryPages.loginUrl(env));
        login.submit("#kc-form-login", Map.of("username", username, "password", password));
        assertTrue(login.url().toString().contains("code="), login.document().text());
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
