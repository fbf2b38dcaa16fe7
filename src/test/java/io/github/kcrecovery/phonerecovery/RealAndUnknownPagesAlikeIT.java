package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.PageStructure;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.username.RecoveryPages;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance for issue 10: on every page of every recovery path, the HTML for a real account and for an unknown
 * identifier is the same once what derives from the typed text (the masked number) and the per-session tokens are
 * blanked ({@link PageStructure}). Paths: the identifier typed as username, email, phone and foreign phone (SMS), the
 * email method, forgot login, forgot both, and forgot both then "reset by phone".
 */
class RealAndUnknownPagesAlikeIT {

    private static final String BIRTHDATE = "2003-03-03";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestEnvironment env;
    private static AdminClient admin;
    private static CaptchaVerifyStub captcha;
    private static FlowExecutions.Restore usernameLimits;
    private static String email;
    private static String username;
    private static String phone;
    private static String foreignEmail;
    private static String foreignPhone;

    @RegisterExtension
    static final SendLimitsLifted SEND_LIMITS = SendLimitsLifted.liftedWithoutResendCooldown();

    @BeforeAll
    static void realAccounts() {
        env = TestEnvironment.get();
        admin = env.admin();
        captcha = CaptchaVerifyStub.install(env);
        usernameLimits = RecoveryPages.usernameConfig(env, Map.of("maxSendsPerIpPerHour", "100000",
                "maxSendsPerRealmPerHour", "100000", "maxAttemptsPerIdentifierAndIp", "1000"));
        email = RecoveryPages.uniqueEmail();
        phone = randomPhone();
        username = RecoveryPages.createUser(env, email, true, phone, BIRTHDATE);
        foreignEmail = RecoveryPages.uniqueEmail();
        foreignPhone = "+49151" + (10000000 + RANDOM.nextInt(89999999));
        RecoveryPages.createUser(env, foreignEmail, true, foreignPhone, BIRTHDATE);
    }

    @AfterAll
    static void restore() {
        usernameLimits.close();
        captcha.close();
    }

    // each SMS path runs on an account of its own: the wrong codes it types count against its number for the day

    @Test
    void identifierAsUsernameBySms() {
        String ownPhone = randomPhone();
        String ownUsername = RecoveryPages.createUser(env, RecoveryPages.uniqueEmail(), true, ownPhone, BIRTHDATE);
        assertSmsPathAlike(ownUsername, "nobody-" + UUID.randomUUID(), hiddenDigits(ownPhone));
    }

    @Test
    void identifierAsEmailBySms() {
        String ownPhone = randomPhone();
        String ownEmail = RecoveryPages.uniqueEmail();
        RecoveryPages.createUser(env, ownEmail, true, ownPhone, BIRTHDATE);
        assertSmsPathAlike(ownEmail, RecoveryPages.uniqueEmail(), hiddenDigits(ownPhone));
    }

    @Test
    void identifierAsPhoneBySms() {
        String ownPhone = randomPhone();
        RecoveryPages.createUser(env, RecoveryPages.uniqueEmail(), true, ownPhone, BIRTHDATE);
        assertSmsPathAlike(ownPhone, randomPhone(), null);
    }

    @Test
    void identifierAsForeignPhoneBySms() {
        assertSmsPathAlike(foreignPhone, "+49151" + (10000000 + RANDOM.nextInt(89999999)), null);
    }

    @Test
    void identifierByEmailLink() {
        assertAlike("email method, next page", known -> identify(known, "email").page(), username, "nobody-" + UUID.randomUUID());
    }

    @Test
    void forgotLogin() {
        assertAlike("forgot login, answer page", known -> RecoveryPages.ask(RecoveryPages.openUsernameForm(env, "username"),
                known, null, BIRTHDATE).document(), email, RecoveryPages.uniqueEmail());
    }

    @Test
    void forgotBoth() {
        assertAlike("forgot both, answer page", known -> bothAnswered(known).document(), email, RecoveryPages.uniqueEmail());
    }

    @Test
    void forgotBothThenResetByPhone() {
        String unknown = RecoveryPages.uniqueEmail();
        List<BrowserlessSession> flows = new ArrayList<>();
        assertAlike("both -> phone, digits page", known -> {
            BrowserlessSession browser = bothAnswered(known);
            browser.submit("#kc-recovery-username-phone-form", Map.of("resetByPhone", ""));
            flows.add(browser);
            return browser.document();
        }, email, unknown);
        assertEquals(PageStructure.of(flows.get(0).submit("#recovery-phone-digits-form", Map.of("phoneDigits", hiddenDigits(phone))).document()),
                PageStructure.of(flows.get(1).submit("#recovery-phone-digits-form", Map.of("phoneDigits", "12345678")).document()),
                "both -> phone, code page");
    }

    private static BrowserlessSession bothAnswered(String typedEmail) {
        return RecoveryPages.ask(RecoveryPages.openUsernameForm(env, "both"), typedEmail, null, BIRTHDATE);
    }

    /**
     * The SMS path page by page: after the identifier, after the digits (if asked), back on the digits page through
     * "Change the digits" and after them again, after each "send a new code" (up to the recovery's last one), after a
     * wrong code, and once the recovery's wrong codes are used up (issue 14: that page says so, for both).
     */
    private static void assertSmsPathAlike(String real, String unknown, String realDigits) {
        PhoneRecoveryDriver realFlow = identify(real, "sms");
        PhoneRecoveryDriver unknownFlow = identify(unknown, "sms");
        assertAlike(realFlow, unknownFlow, real + ": after the identifier");
        if (realDigits != null) {
            realFlow.digits(realDigits);
            unknownFlow.digits(realDigits);
            assertAlike(realFlow, unknownFlow, real + ": after the digits");
            realFlow.changeDigits();
            unknownFlow.changeDigits();
            assertNotNull(realFlow.page().selectFirst("#recovery-phone-digits-form"), realFlow.page().text());
            assertAlike(realFlow, unknownFlow, real + ": the digits page again");
            realFlow.digits(realDigits);
            unknownFlow.digits(realDigits);
            assertAlike(realFlow, unknownFlow, real + ": after the digits again");
        }
        for (int resend = 1; resend <= 5; resend++) {
            realFlow.resend();
            unknownFlow.resend();
            assertAlike(realFlow, unknownFlow, real + ": after resend " + resend);
        }
        assertTrue(realFlow.page().text().contains("No more codes"), realFlow.page().text());
        for (int wrong = 1; wrong <= 5; wrong++) {
            realFlow.code("000000");
            unknownFlow.code("000000");
            assertAlike(realFlow, unknownFlow, real + ": after wrong code " + wrong);
        }
        assertNotNull(realFlow.page().selectFirst("#recovery-restart"), "attempts used up: " + realFlow.page().text());
        realFlow.resend();
        unknownFlow.resend();
        assertAlike(realFlow, unknownFlow, real + ": 'send a new code' once the attempts are used up");
    }

    /**
     * Issue 14: once the wrong codes of the day are used up (two recoveries of five), the third recovery's code page
     * says so at once, for a real account whose code went out and for an unknown identifier alike.
     */
    @Test
    void wrongCodesOfTheDayUsedUp() {
        String otherPhone = randomPhone();
        String real = RecoveryPages.createUser(env, RecoveryPages.uniqueEmail(), true, otherPhone, BIRTHDATE);
        String unknown = "nobody-" + UUID.randomUUID();
        for (int recovery = 0; recovery < 2; recovery++) {
            for (String identifier : List.of(real, unknown)) {
                PhoneRecoveryDriver flow = identify(identifier, "sms").digits(hiddenDigits(otherPhone));
                for (int i = 0; i < 5; i++) {
                    flow.code("000000");
                }
            }
        }
        PhoneRecoveryDriver realFlow = identify(real, "sms").digits(hiddenDigits(otherPhone));
        PhoneRecoveryDriver unknownFlow = identify(unknown, "sms").digits(hiddenDigits(otherPhone));
        assertNotNull(realFlow.page().selectFirst("#recovery-restart"), "attempts of the day used up: " + realFlow.page().text());
        assertAlike(realFlow, unknownFlow, "third recovery's code page");
    }

    private static void assertAlike(PhoneRecoveryDriver realFlow, PhoneRecoveryDriver unknownFlow, String page) {
        assertEquals(PageStructure.of(realFlow.page()), PageStructure.of(unknownFlow.page()), page);
    }

    private static PhoneRecoveryDriver identify(String identifier, String method) {
        return new PhoneRecoveryDriver(env).start().identify(identifier, method);
    }

    private static void assertAlike(String page, Function<String, Document> reach, String real, String unknown) {
        assertEquals(PageStructure.of(reach.apply(real)), PageStructure.of(reach.apply(unknown)), page);
    }
}
