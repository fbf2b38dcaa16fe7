package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.sms.SmsLimits;
import io.github.kcrecovery.phone.ConfirmedPhone;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.testing.PageStructure;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.TestUser;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.MailSink;
import io.github.kcrecovery.testing.SmsGatewayStub;
import io.github.kcrecovery.testing.Smoke;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.username.RecoveryPages;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The SMS path of the demo realm's reset-credentials flow against the real server: pages, codes, limits, and what
 * reaches the SMS gateway stub. The class relaxes the hourly limits and the resend cooldown (every test comes from
 * 127.0.0.1) and restores the config afterwards; tests about a limit set it themselves. The captcha of the
 * identifier page runs against {@link CaptchaVerifyStub}.
 */
class PhoneRecoveryIT {

    private static final String SMS_STEP = RecoverySmsCodeFactory.PROVIDER_ID;

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
    void clearOutboxes() {
        // a test's last SMS goes out after its last page: let it land before clearing
        env.sms().settled(PhoneRecoveryDriver.SETTLE);
        env.sms().clear();
        env.mail().clear();
    }

    @AfterEach
    void deleteUsers() {
        users.forEach(u -> deleteUser(admin, u));
    }

    private TestUser user(boolean withEmail) {
        TestUser user = createUser(admin, "phone", withEmail);
        users.add(user);
        return user;
    }

    @Test
    @Smoke
    void happyPathSetsANewPasswordThatWorksForLogin() throws Exception {
        TestUser user = user(true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        assertEquals(1, smsTo(env, user.phone()).size(), "one SMS, to the confirmed number");
        String code = lastCode(env, user.phone());
        assertTrue(code.matches("\\d{6}"), "6-digit code");

        flow.code(code);
        assertTrue(flow.onPasswordPage(), flow.page().text());
        assertNotNull(flow.page().selectFirst("input[name=logout-sessions]"), "sign out other devices offered");
        flow.newPassword("Brand-New-Pass-9");
        assertFalse(flow.onPasswordPage(), flow.page().text());

        assertTrue(canLogIn(env, user.username(), "Brand-New-Pass-9"), "new password logs in");
        assertFalse(canLogIn(env, user.username(), PASSWORD), "old password no longer works");

        env.mail().awaitMessages(1, Duration.ofSeconds(10));
        List<MimeMessage> notices = env.mail().messagesTo(user.email());
        assertEquals(1, notices.size(), "password-changed notice to the account's email");
        String body = MailSink.textBody(notices.get(0));
        assertFalse(body.contains(code) || body.contains("Brand-New-Pass-9") || body.contains(user.phone()), body);
        // issue 10 item 8: the notice goes to each confirmed channel, the phone too
        assertEquals(2, smsTo(env, user.phone()).size(), "the code, then the password-changed notice");
    }

    @Test
    void accountWithoutEmailGetsThePasswordChangedNoticeBySms() {
        TestUser user = user(false);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        String code = lastCode(env, user.phone());
        flow.code(code).newPassword("Brand-New-Pass-9");
        List<String> texts = smsTo(env, user.phone()).stream().map(PhoneRecoveryDriver::text).toList();
        assertEquals(2, texts.size(), texts.toString());
        assertFalse(texts.get(1).contains(code) || texts.get(1).contains("Brand-New-Pass-9"), texts.get(1));
    }

    @Test
    void identifierMayBeUsernameEmailOrPhoneInAnyFormat() {
        TestUser user = user(true);
        String national = user.phone().substring(2);
        String[] identifiers = {user.username(), user.email().toUpperCase(), user.phone(),
                "8 (" + national.substring(0, 3) + ") " + national.substring(3, 6) + "-" + national.substring(6, 8) + "-" + national.substring(8),
                "+7 " + national};
        String lastTwo = user.phone().substring(user.phone().length() - 2);
        for (String identifier : identifiers) {
            PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).start().identify(identifier, "sms");
            String masked = flow.page().selectFirst(".recovery-masked-number").text();
            assertTrue(masked.endsWith(lastTwo) && masked.startsWith("+7"), identifier + " -> " + masked);
            assertEquals(2, masked.chars().filter(Character::isDigit).count() - 1, "country code and 2 digits only: " + masked);
        }
    }

    @Test
    void wrongDigitsSendNothingAndShowTheSamePage() {
        TestUser user = user(true);
        PhoneRecoveryDriver right = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        assertEquals(1, smsTo(env, user.phone()).size());

        String wrongDigits = hiddenDigits(user.phone()).startsWith("0") ? "1" + hiddenDigits(user.phone()).substring(1)
                : "0" + hiddenDigits(user.phone()).substring(1);
        PhoneRecoveryDriver wrong = new PhoneRecoveryDriver(env).toCodePage(user.username(), wrongDigits);
        assertEquals(1, smsTo(env, user.phone()).size(), "no SMS after wrong digits");
        assertEquals(PageStructure.of(right.page()), PageStructure.of(wrong.page()));
        assertEquals(200, wrong.browser.status());

        // and no code works on that page
        wrong.code(lastCode(env, user.phone()));
        assertTrue(wrong.onCodePage());
        assertNotNull(wrong.fieldError("code"));
    }

    @Test
    @Smoke
    void decoyPagesLookLikeTheRealOnesAndSendNothing() {
        TestUser real = user(true);
        PhoneRecoveryDriver realFlow = new PhoneRecoveryDriver(env).start().identify(real.username(), "sms");
        String realDigitsPage = PageStructure.of(realFlow.page());
        realFlow.digits(hiddenDigits(real.phone()));
        String realCodePage = PageStructure.of(realFlow.page());
        env.sms().settled(PhoneRecoveryDriver.SETTLE); // the real account's SMS arrives after its page

        // unknown user; user without a phone (boris); shared email (dasha and egor); unconfirmed phone (zoya)
        String unknown = "nobody-" + UUID.randomUUID();
        for (String identifier : List.of(unknown, "boris", "family@demo.local", "zoya")) {
            env.sms().clear();
            PhoneRecoveryDriver decoy = new PhoneRecoveryDriver(env).start().identify(identifier, "sms");
            assertEquals(realDigitsPage, PageStructure.of(decoy.page()), identifier);
            String masked = decoy.page().selectFirst(".recovery-masked-number").text();
            assertEquals(masked, new PhoneRecoveryDriver(env).start().identify(identifier, "sms")
                    .page().selectFirst(".recovery-masked-number").text(), "decoy stable for " + identifier);
            decoy.digits("91612345");
            assertEquals(realCodePage, PageStructure.of(decoy.page()), identifier);
            assertEquals(0, env.sms().settled(PhoneRecoveryDriver.SETTLE).size(), "no SMS for " + identifier);
        }
    }

    @Test
    void expiredCodeIsRejected() throws Exception {
        JsonNode before = setConfig(admin, SMS_STEP, Map.of(PhoneRecoverySettings.CODE_LIFE, "2"));
        try {
            TestUser user = user(true);
            PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
            String code = lastCode(env, user.phone());
            Thread.sleep(3500);
            flow.code(code);
            assertTrue(flow.onCodePage(), "still on the code page");
            assertNotNull(flow.fieldError("code"), flow.page().text());
        } finally {
            restoreConfig(admin, before);
        }
    }

    @Test
    void aCodeWorksOnlyOnce() {
        TestUser user = user(true);
        PhoneRecoveryDriver first = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        String code = lastCode(env, user.phone());
        first.code(code);
        assertTrue(first.onPasswordPage());

        // the same browser starts over: the used code does not open the password page again
        PhoneRecoveryDriver again = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        String second = lastCode(env, user.phone());
        if (!second.equals(code)) {
            again.code(code);
            assertTrue(again.onCodePage(), "a used code is refused");
        }
        again.code(second);
        assertTrue(again.onPasswordPage(), "the fresh code works");
    }

    @Test
    void aCodeFromAnotherSessionIsRejected() {
        TestUser user = user(true);
        PhoneRecoveryDriver a = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        String codeA = lastCode(env, user.phone());
        PhoneRecoveryDriver b = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        String codeB = lastCode(env, user.phone());
        assertEquals(2, smsTo(env, user.phone()).size());
        if (!codeA.equals(codeB)) {
            b.code(codeA);
            assertTrue(b.onCodePage(), "session B refuses session A's code");
        }
        a.code(codeA);
        assertTrue(a.onPasswordPage(), "session A still takes its own code");
    }

    @Test
    void afterFiveWrongCodesEvenTheRightCodeFailsAndANewCodeDoesNotHelp() {
        TestUser user = user(true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        String code = lastCode(env, user.phone());
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 4; i++) {
            flow.code(wrong);
            assertNotNull(flow.fieldError("code"), flow.page().text());
        }
        flow.code(wrong);
        String usedUp = flow.alert();
        assertNotNull(flow.page().getElementById("recovery-restart"), "the fifth wrong code uses the attempts up: " + flow.page().text());
        assertNull(flow.page().getElementById("code"), "no code field any more");
        flow.code(code);
        assertFalse(flow.onPasswordPage(), "right code after 5 wrong ones refused");
        assertEquals(usedUp, flow.alert(), "and the page still says the attempts are used up");

        flow.resend();
        assertEquals(usedUp, flow.alert(), "no promise of a new code");
        assertEquals(1, smsTo(env, user.phone()).size(), "no new code once the attempts are used up");
    }

    @Test
    void resendDuringCooldownSendsNothingAndShowsTheWait() {
        JsonNode before = setConfig(admin, SMS_STEP, Map.of(PhoneRecoverySettings.RESEND_COOLDOWN, "30"));
        try {
            TestUser user = user(true);
            PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
            Element resend = flow.page().getElementById("recovery-resend");
            assertTrue(resend.hasAttr("disabled"), "resend disabled during the cooldown");
            assertTrue(flow.page().getElementById("recovery-resend-wait").text().matches(".*\\b(2[0-9]|30)\\b.*"),
                    flow.page().getElementById("recovery-resend-wait").text());
            flow.resend();
            assertEquals(1, smsTo(env, user.phone()).size(), "resend during cooldown sends nothing");
            // a reload of the page never sends either
            flow.browser.get(flow.browser.url().toString());
            assertTrue(flow.onCodePage());
            assertEquals(1, smsTo(env, user.phone()).size(), "reload sends nothing");
        } finally {
            restoreConfig(admin, before);
        }
    }

    @Test
    void resendAfterCooldownSendsANewCodeThatWorks() {
        TestUser user = user(true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        String first = lastCode(env, user.phone());
        flow.resend();
        assertEquals(2, smsTo(env, user.phone()).size());
        String second = lastCode(env, user.phone());
        if (!first.equals(second)) {
            flow.code(first);
            assertTrue(flow.onCodePage(), "the replaced code is void");
        }
        flow.code(second);
        assertTrue(flow.onPasswordPage());
    }

    @Test
    void atMostFiveSendsPerRecovery() {
        TestUser user = user(true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        for (int i = 0; i < 6; i++) {
            flow.resend();
        }
        assertEquals(5, smsTo(env, user.phone()).size());
    }

    @Test
    void perNumberLimitStopsSends() {
        JsonNode before = setConfig(admin, SMS_STEP, Map.of(SmsLimits.MAX_SENDS_PER_NUMBER, "2"));
        try {
            Hour.awayFromBoundary();
            TestUser user = user(true);
            for (int i = 0; i < 3; i++) {
                new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
            }
            assertEquals(2, smsTo(env, user.phone()).size());
        } finally {
            restoreConfig(admin, before);
        }
    }

    @Test
    void perIpLimitStopsSends() {
        JsonNode before = setConfig(admin, SMS_STEP, Map.of(SmsLimits.MAX_SENDS_PER_IP, "1"));
        try {
            Hour.awayFromBoundary();
            TestUser first = user(true);
            TestUser second = user(true);
            new PhoneRecoveryDriver(env).toCodePage(first.username(), hiddenDigits(first.phone()));
            PhoneRecoveryDriver blocked = new PhoneRecoveryDriver(env).toCodePage(second.username(), hiddenDigits(second.phone()));
            assertEquals(0, smsTo(env, second.phone()).size(), "over the IP limit nothing is sent");
            assertTrue(blocked.onCodePage(), "and the page looks as usual");
            assertNull(blocked.alert());
        } finally {
            restoreConfig(admin, before);
        }
    }

    @Test
    void realmBudgetStopsSends() {
        JsonNode before = setConfig(admin, SMS_STEP, Map.of(SmsLimits.MAX_SENDS_PER_REALM, "1"));
        try {
            Hour.awayFromBoundary();
            TestUser first = user(true);
            TestUser second = user(true);
            new PhoneRecoveryDriver(env).toCodePage(first.username(), hiddenDigits(first.phone()));
            new PhoneRecoveryDriver(env).toCodePage(second.username(), hiddenDigits(second.phone()));
            assertEquals(0, smsTo(env, second.phone()).size(), "over the realm budget nothing is sent");
        } finally {
            restoreConfig(admin, before);
        }
    }

    @Test
    void numberOutsideTheAllowedCountriesGetsNothing() {
        JsonNode before = setConfig(admin, SMS_STEP, Map.of(SmsLimits.ALLOWED_COUNTRIES, "DE, KZ"));
        try {
            TestUser user = user(true);
            PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
            assertTrue(flow.onCodePage());
            assertEquals(0, smsTo(env, user.phone()).size());
        } finally {
            restoreConfig(admin, before);
        }
    }

    @Test
    void digitMismatchLimitThenEvenRightDigitsSendNothing() {
        TestUser user = user(true);
        for (int i = 0; i < 3; i++) {
            new PhoneRecoveryDriver(env).toCodePage(user.username(), "00000000");
        }
        new PhoneRecoveryDriver(env).toCodePage(user.email(), hiddenDigits(user.phone()));
        assertEquals(0, smsTo(env, user.phone()).size(), "3 mismatches per account per day, whatever identifier");
    }

    /** The SMS goes out after the response: a failing gateway leaves the page as it is for a decoy, and is an event. */
    @Test
    void gatewayFailureLooksLikeADecoyAndIsAnEvent() throws Exception {
        TestUser user = user(true);
        PhoneRecoveryDriver decoy = new PhoneRecoveryDriver(env).toCodePage("nobody-" + UUID.randomUUID(), "91612345");
        env.sms().respondNext(500, "{\"status\":\"ERROR\"}");
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        assertEquals(200, flow.browser.status());
        assertEquals(PageStructure.of(decoy.page()), PageStructure.of(flow.page()));
        assertNull(flow.alert(), "the page does not tell a failed send: " + flow.alert());
        assertNotNull(flow.page().getElementById("recovery-use-email"));
        assertNotNull(flow.page().getElementById("recovery-contact-admin"));
        assertTrue(flow.page().getElementById("recovery-contact-admin").attr("href").endsWith("/realms/demo/recovery/contacts"));

        String path = "/admin/realms/" + REALM + "/events?user=" + user.id() + "&type=SEND_RESET_PASSWORD_ERROR&max=10";
        JsonNode gatewayError = null;
        for (int i = 0; i < 50 && gatewayError == null; i++) {
            for (JsonNode event : admin.get(path).json()) {
                JsonNode details = event.path("details");
                if ("gateway".equals(details.path("reason").asText()) && "sms".equals(details.path("recovery_method").asText())
                        && "sms_send".equals(details.path("recovery_step").asText()) && !details.path("masked_phone").asText().isEmpty()) {
                    gatewayError = event;
                }
            }
            Thread.sleep(100);
        }
        assertNotNull(gatewayError, "no gateway error event: " + admin.get(path).body());
        assertFalse(gatewayError.path("ipAddress").asText().isEmpty(), "the request's IP: " + gatewayError);
    }

    @Test
    void useEmailInsteadStartsTheRecoveryAgain() {
        TestUser user = user(true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        flow.browser.submit(OTHER_WAYS_FORM, Map.of("useEmail", "true"));
        // the flow starts over: the chooser, with "password" already selected
        assertNotNull(flow.page().selectFirst(RecoveryPages.CHOOSER_FORM), flow.page().text());
        assertNotNull(flow.page().selectFirst("input[name=recoveryOption][value=password][checked]"), flow.page().html());
        flow.choosePassword().identify(user.username(), "email");
        assertEquals(1, env.mail().awaitMessages(1, Duration.ofSeconds(10)).size());
    }

    @Test
    void identifierPageRefusesAWrongOrMissingCaptcha() {
        TestUser user = user(true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).start();
        for (String method : List.of("sms", "email")) {
            for (String token : java.util.Arrays.asList("fail-" + UUID.randomUUID(), null)) {
                flow.identify(user.username(), method, token);
                assertEquals(200, flow.browser.status());
                assertNotNull(flow.page().selectFirst(IDENTIFIER_FORM), method + "/" + token + ": " + flow.page().text());
                assertNotNull(flow.fieldError("captchaAnswer"), method + "/" + token + ": a captcha message");
                assertEquals(user.username(), flow.page().getElementById("username").val(), "what was typed stays");
            }
        }
        assertEquals(0, smsTo(env, user.phone()).size(), "no SMS");
        assertEquals(0, env.mail().messages().size(), "no email");
        // the same page with a good token goes on: the refusals above came from the captcha
        flow.identify(user.username(), "email");
        assertNull(flow.page().selectFirst(IDENTIFIER_FORM), flow.page().text());
        assertEquals(1, env.mail().awaitMessages(1, Duration.ofSeconds(10)).size());
    }

    @Test
    void badInputGivesAFieldMessageNotAnError() {
        TestUser user = user(true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).start();
        flow.identify("x".repeat(5000), "sms");
        assertEquals(200, flow.browser.status());
        assertNotNull(flow.fieldError("username"));
        flow.identify("an\u0000\u0007na", "sms");
        assertEquals(200, flow.browser.status());
        assertNotNull(flow.fieldError("username"));

        flow.identify(user.username(), "sms").digits("9".repeat(5000));
        assertEquals(200, flow.browser.status());
        assertNotNull(flow.fieldError("phoneDigits"));
        flow.digits("abc\u0001");
        assertNotNull(flow.fieldError("phoneDigits"));

        flow.digits("00000000").code("1".repeat(5000));
        assertEquals(200, flow.browser.status());
        assertTrue(flow.onCodePage());
        assertNotNull(flow.fieldError("code"));
    }

    @Test
    void bruteForceDetectorCountsWrongCodes() throws Exception {
        TestUser user = user(true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        String wrong = lastCode(env, user.phone()).equals("000000") ? "111111" : "000000";
        flow.code(wrong).code(wrong).code(wrong);
        String path = "/admin/realms/" + REALM + "/attack-detection/brute-force/users/" + user.id();
        int failures = 0;
        for (int i = 0; i < 50 && failures < 3; i++) {
            failures = admin.get(path).json().path("numFailures").asInt();
            Thread.sleep(100);
        }
        assertEquals(3, failures, admin.get(path).body());
    }

    @Test
    void everyStepIsAnEventWithoutTheCodeOrTheFullNumber() throws Exception {
        TestUser user = user(true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(user.username(), hiddenDigits(user.phone()));
        String code = lastCode(env, user.phone());
        flow.code(code.equals("000000") ? "111111" : "000000").code(code);
        assertTrue(flow.onPasswordPage());

        JsonNode events = admin.get("/admin/realms/" + REALM + "/events?user=" + user.id() + "&max=100").json();
        List<String> steps = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode details = event.path("details");
            steps.add(details.path(io.github.kcrecovery.event.RecoveryEvents.STEP).asText() + ":" + event.path("type").asText());
            assertFalse(event.toString().contains(code) || event.toString().contains(user.phone().substring(1)), event.toString());
        }
        assertTrue(steps.containsAll(List.of("phone_digits:RESET_PASSWORD", "sms_send:SEND_RESET_PASSWORD",
                "sms_code:RESET_PASSWORD_ERROR", "sms_code:RESET_PASSWORD")), steps.toString());
        // the recovery's own log lines and logged events
        java.util.regex.Pattern codeToken = java.util.regex.Pattern.compile("(?<![\\w-])" + code + "(?![\\w-])");
        for (String line : java.nio.file.Files.readAllLines(env.keycloak().logFile())) {
            if (line.contains("recovery_step") || line.contains("io.github.kcrecovery")) {
                assertFalse(codeToken.matcher(line).find(), "code in the log: " + line);
                assertFalse(line.contains(user.phone()) || line.contains(user.phone().substring(2)), "number in the log: " + line);
            }
        }
    }

    @Test
    @Smoke
    void emailLinkStillWorksInASecondBrowser() throws Exception {
        TestUser user = user(true);
        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).start().identify(user.username(), "email");
        assertNotNull(flow.alert(), "Keycloak's 'check your email' message");
        env.mail().awaitMessages(1, Duration.ofSeconds(10));
        String body = MailSink.textBody(env.mail().messagesTo(user.email()).get(0));
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("(https?://\\S+action-token\\S+)").matcher(body);
        assertTrue(link.find(), body);

        PhoneRecoveryDriver other = new PhoneRecoveryDriver(env);
        other.browser.get(link.group(1));
        assertTrue(other.onPasswordPage(), other.page().text());
        other.newPassword("Brand-New-Pass-9");
        assertTrue(canLogIn(env, user.username(), "Brand-New-Pass-9"));
        List<SmsGatewayStub.Request> sms = env.sms().settled(PhoneRecoveryDriver.SETTLE);
        assertEquals(1, sms.size(), "the email path sends no code, only the password-changed notice to the phone");
        assertFalse(PhoneRecoveryDriver.text(sms.get(0)).contains("http"), PhoneRecoveryDriver.text(sms.get(0)));
    }

    @Test
    void userWithOtpMustGiveItAndKeepsIt() throws Exception {
        String secret = "12345678901234567890";
        // created with the OTP credential: admin REST cannot add one to an existing user
        TestUser user = new TestUser(null, "otp-" + UUID.randomUUID().toString().substring(0, 8), randomPhone(), null);
        Map<String, Object> rep = new java.util.HashMap<>();
        rep.put("username", user.username());
        rep.put("enabled", true);
        rep.put("email", user.username() + "@demo.local");
        rep.put("emailVerified", true);
        rep.put("firstName", "Test");
        rep.put("lastName", "User");
        rep.put("attributes", Map.of("phoneNumber", List.of(user.phone()), "phoneNumberVerified", List.of("true"),
                ConfirmedPhone.CONFIRMED_COPY, List.of(user.phone())));
        rep.put("credentials", List.of(
                Map.of("type", "password", "value", PASSWORD, "temporary", false),
                Map.of("type", "otp", "userLabel", "phone app",
                        "secretData", "{\"value\":\"" + secret + "\"}",
                        "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}")));
        assertEquals(201, admin.post("/admin/realms/" + REALM + "/users", rep).status());
        String id = admin.get("/admin/realms/" + REALM + "/users?exact=true&username=" + user.username()).json().get(0).path("id").asText();
        TestUser otpUser = new TestUser(id, user.username(), user.phone(), user.username() + "@demo.local");
        users.add(otpUser);
        assertTrue(admin.get("/admin/realms/" + REALM + "/users/" + id + "/credentials").body().contains("\"otp\""));

        PhoneRecoveryDriver flow = new PhoneRecoveryDriver(env).toCodePage(otpUser.username(), hiddenDigits(otpUser.phone()));
        flow.code(lastCode(env, otpUser.phone()));
        assertNotNull(flow.page().selectFirst("#kc-otp-login-form"), "OTP asked after the SMS code: " + flow.page().text());
        flow.browser.submit("#kc-otp-login-form", Map.of("otp", "000000".equals(Totp.now(secret)) ? "111111" : "000000"));
        assertFalse(flow.onPasswordPage(), "a wrong OTP does not reach the password page");
        // a second try within a second of a failure counts as a "quick login" and locks the account for a minute
        Thread.sleep(1500);
        flow.browser.submit("#kc-otp-login-form", Map.of("otp", Totp.now(secret)));
        assertTrue(flow.onPasswordPage(), flow.page().text());
        flow.newPassword("Brand-New-Pass-9");
        assertTrue(admin.get("/admin/realms/" + REALM + "/users/" + id + "/credentials").body().contains("\"otp\""),
                "OTP credential kept");
    }

    /** RFC 6238 TOTP, SHA-1, 6 digits, 30 s, with the secret's bytes as the key (how Keycloak stores it). */
    static final class Totp {
        static String now(String secret) throws Exception {
            long counter = System.currentTimeMillis() / 1000 / 30;
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "HmacSHA1"));
            byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(counter).array());
            int offset = hash[hash.length - 1] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        }
    }

    /** Fixed hourly windows: a limit test must not straddle the hour. */
    static final class Hour {
        static void awayFromBoundary() {
            long secondOfHour = (System.currentTimeMillis() / 1000) % 3600;
            if (secondOfHour > 3590) {
                try {
                    Thread.sleep((3601 - secondOfHour) * 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
