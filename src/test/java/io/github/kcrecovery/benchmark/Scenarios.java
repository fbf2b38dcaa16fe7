package io.github.kcrecovery.benchmark;

import io.github.kcrecovery.benchmark.BenchUsers.BenchUser;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.testing.Timings;
import io.github.kcrecovery.testing.Timings.Kind;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.kcrecovery.testing.RecoveryForms.*;

/**
 * What one virtual user does, as a person with a browser would: (a) Keycloak's stock email reset in realm
 * {@code stock}, (b) our SMS path in realm {@code demo} up to the accepted code, (c) our forgot-username form, (d) our
 * email reset (the identifier page "by email", whose link leaves after the answer). Each
 * step is one user action (a GET or a form POST, with the redirects a browser follows) and must land on the page
 * that action leads to, else it counts as an error. Known accounts and unknown identifiers alternate, and are timed
 * apart, for the enumeration figures.
 */
final class Scenarios {

    static final String STOCK_SUBMIT = "a2 stock: submit username (sends email)";
    static final String EMAIL_SUBMIT = "d3 email: identifier (email sent after the answer)";
    private static final Pattern SMS_CODE = Pattern.compile("\\b(\\d{6,10})\\b");
    private static final Duration CODE_WAIT = Duration.ofSeconds(10);

    /** A step that did not reach its page. */
    static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message, null, false, false);
        }
    }

    private final TestEnvironment env;
    private final Timings timings;
    /** Last code per phone number, as the SMS gateway stub receives them. */
    private final Map<String, String> codes = new ConcurrentHashMap<>();

    Scenarios(TestEnvironment env, Timings timings) {
        this.env = env;
        this.timings = timings;
    }

    /** Feeds an SMS as the gateway saw it ({@code {"to":..,"text":..}}). */
    void smsReceived(String to, String text) {
        Matcher matcher = SMS_CODE.matcher(text == null ? "" : text);
        if (to != null && matcher.find()) {
            codes.put(to, matcher.group(1));
        }
    }

    void stockReset(BenchUser user, Kind kind) throws Exception {
        BrowserlessSession browser = env.browser();
        step("a1 stock: open reset page", kind, () -> browser.get(resetUrl(BenchRealms.STOCK)), browser, IDENTIFIER);
        step(STOCK_SUBMIT, kind, () -> browser.submit(IDENTIFIER, Map.of("username", user.username())),
                browser, "#kc-form-login");
    }

    void phonePath(BenchUser user, Kind kind) throws Exception {
        BrowserlessSession browser = phoneIdentifier(user, kind);
        String code = kind == Kind.KNOWN ? awaitCode(user.phone()) : "000000";
        step("b5 phone: SMS code", kind, () -> browser.submit(CODE, Map.of("code", code)), browser,
                kind == Kind.KNOWN ? NEW_PASSWORD : CODE);
    }

    /**
     * The phone path up to the code page: the identifier step looks the phone number up and, a typed number leaving
     * no digits to ask, sends the code to a confirmed one.
     */
    BrowserlessSession phoneIdentifier(BenchUser user, Kind kind) throws Exception {
        BrowserlessSession browser = identifierPage("b", "phone", kind);
        codes.remove(user.phone());
        step("b3 phone: identifier (phone number)", kind, () -> browser.submit(IDENTIFIER,
                Map.of("username", user.phone(), "method", "sms")), browser, CODE);
        return browser;
    }

    /** Our email path: the identifier with "by email" answers, the reset link leaves after the answer. */
    void emailPath(BenchUser user, Kind kind) throws Exception {
        BrowserlessSession browser = identifierPage("d", "email", kind);
        step(EMAIL_SUBMIT, kind, () -> browser.submit(IDENTIFIER, Map.of("username", user.username(), "method", "email")),
                browser, "#kc-form-login");
    }

    /** Our realm's "Forgot password?" and, when the chooser is on, "I forgot my password": the identifier page. */
    private BrowserlessSession identifierPage(String prefix, String scenario, Kind kind) throws StepFailed {
        BrowserlessSession browser = env.browser();
        step(prefix + "1 " + scenario + ": open reset page", kind, () -> browser.get(resetUrl(BenchRealms.OURS)), browser,
                CHOOSER + ", " + IDENTIFIER);
        if (browser.has(CHOOSER)) {
            step(prefix + "2 " + scenario + ": chooser (password)", kind,
                    () -> browser.submit(CHOOSER, Map.of("recoveryOption", "password")), browser, IDENTIFIER);
        }
        return browser;
    }

    void forgotUsername(BenchUser user, Kind kind) throws Exception {
        BrowserlessSession browser = env.browser();
        step("c1 username: open reset page", kind, () -> browser.get(resetUrl(BenchRealms.OURS)), browser, CHOOSER);
        step("c2 username: chooser (username)", kind, () -> browser.submit(CHOOSER, Map.of("recoveryOption", "username")),
                browser, USERNAME);
        step("c3 username: email + birth date (sends email)", kind, () -> browser.submit(USERNAME,
                Map.of("email", user.email(), "phone", "", "birthdate", user.birthdate())), browser, USERNAME_SENT);
    }

    /** Forgot username by phone only: the attribute lookup, for the user-count comparison. */
    void forgotUsernameByPhone(BenchUser user, Kind kind) throws Exception {
        BrowserlessSession browser = env.browser();
        browser.get(resetUrl(BenchRealms.OURS));
        browser.submit(CHOOSER, Map.of("recoveryOption", "username"));
        step("c4 username: phone + birth date", kind, () -> browser.submit(USERNAME,
                Map.of("email", "", "phone", user.phone(), "birthdate", user.birthdate())), browser, USERNAME_SENT);
    }

    private String awaitCode(String phone) throws InterruptedException, StepFailed {
        long deadline = System.nanoTime() + CODE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String code = codes.remove(phone);
            if (code != null) {
                return code;
            }
            Thread.sleep(5);
        }
        throw new StepFailed("no SMS to the account's phone within " + CODE_WAIT);
    }

    interface Action {
        void run() throws Exception;
    }

    /** Times one action; a 5xx, an exception or a page other than {@code expected} (CSS) is an error. */
    private void step(String name, Kind kind, Action action, BrowserlessSession browser, String expected) throws StepFailed {
        long start = System.nanoTime();
        try {
            action.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted");
        } catch (Exception | AssertionError e) {
            timings.error(name, e.toString());
            throw new StepFailed(name + ": " + e);
        }
        long took = System.nanoTime() - start;
        if (browser.status() >= 500 || !browser.has(expected)) {
            String reason = "status " + browser.status() + " at " + browser.url() + ", expected " + expected + ": "
                    + abbreviate(browser.document().text());
            timings.error(name, reason);
            throw new StepFailed(reason);
        }
        timings.record(name, kind, took);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
