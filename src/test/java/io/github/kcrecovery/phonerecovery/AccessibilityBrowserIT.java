package io.github.kcrecovery.phonerecovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcrecovery.captcha.RecoveryCaptchaFactory;
import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.TestUser;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.Axe;
import io.github.kcrecovery.testing.Chromium;
import io.github.kcrecovery.testing.RequiresTools;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.testing.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every page of ours under axe-core in headless Chromium, in English and in Arabic (right to left): no serious or
 * critical violation; the output has one line per page with the violations by impact. Also what axe cannot see:
 * errors tied to their fields, focus on the first field or the first error, the countdown announced politely, the
 * masked number left to right, and the phone path completed with the keyboard alone.
 */
@RequiresTools({Tool.CHROMIUM, Tool.NPM})
class AccessibilityBrowserIT {

    private static TestEnvironment env;
    private static AdminClient admin;

    private final List<String> problems = new ArrayList<>();
    private final List<TestUser> users = new ArrayList<>();
    private WebDriver driver;
    private WebDriverWait wait;
    private String locale;

    @RegisterExtension
    static final SendLimitsLifted SEND_LIMITS = SendLimitsLifted.lifted();

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
        admin = env.admin();
    }

    @AfterEach
    void cleanUp() {
        if (driver != null) {
            driver.quit();
        }
        users.forEach(user -> deleteUser(admin, user));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "ar"})
    void recoveryPagesHaveNoSeriousOrCriticalViolations(String locale) throws Exception {
        open(locale);
        TestUser user = user();

        // the phone path: chooser, identifier (with its captcha, then with errors), digits, code
        driver.get(env.keycloak().baseUrl() + loginUrl(env) + "&ui_locales=" + locale);
        click(By.cssSelector("a[href*='login-actions/reset-credentials']"));
        await("kc-recovery-chooser-form");
        assertEquals("rtl".equals(direction()), "ar".equals(locale), "page direction");
        check("chooser");
        expectFocus("recoveryOption-password");
        click(By.id("kc-recovery-chooser-continue"));
        await("kc-reset-password-form");
        check("identifier");
        expectFocus("username");
        submit(By.id("recovery-by-sms"));
        await("kc-reset-password-form");
        check("identifier with errors");
        expectErrorsTiedToFieldsAndFocusOnTheFirst("username");
        // the default captcha is the invisible proof-of-work: Chromium runs the widget, which solves it on submit
        driver.findElement(By.id("username")).sendKeys(user.username());
        click(By.id("recovery-by-sms"));
        await("recovery-phone-digits-form");
        check("digits");
        expectFocus("phoneDigits");
        expectLeftToRight("recovery-masked-phone");
        driver.findElement(By.id("phoneDigits")).sendKeys("0");
        click(By.id("recovery-digits-submit"));
        await("recovery-phone-digits-form");
        check("digits with an error");
        expectErrorTiedToField("phoneDigits");
        expectFocus("phoneDigits");
        driver.findElement(By.id("phoneDigits")).sendKeys(hiddenDigits(user.phone()));
        click(By.id("recovery-digits-submit"));
        await("recovery-sms-code-form");
        check("code");
        expectFocus("code");
        expectLeftToRight("recovery-code-sent-to");
        expectPoliteCountdown();
        driver.findElement(By.id("code")).sendKeys("x");
        click(By.id("recovery-code-submit"));
        await("recovery-sms-code-form");
        check("code with an error");
        expectErrorTiedToField("code");

        // forgot login and its answer
        driver.manage().deleteAllCookies();
        driver.get(env.keycloak().baseUrl() + loginUrl(env) + "&ui_locales=" + locale);
        click(By.cssSelector("a[href*='login-actions/reset-credentials']"));
        click(By.id("recoveryOption-username"));
        click(By.id("kc-recovery-chooser-continue"));
        await("kc-recovery-username-form");
        check("forgot login");
        expectFocus("email");
        driver.findElement(By.id("email")).sendKeys("not-an-address");
        click(By.id("kc-recovery-username-submit"));
        await("kc-recovery-username-form");
        check("forgot login with errors");
        expectErrorsTiedToFieldsAndFocusOnTheFirst("email");
        WebElement email = driver.findElement(By.id("email"));
        email.clear();
        email.sendKeys(user.email());
        driver.findElement(By.id("phone")).clear();
        ((JavascriptExecutor) driver).executeScript("document.getElementById('birthdate').value = '2001-02-03';");
        click(By.id("kc-recovery-username-submit"));
        await("kc-recovery-username-sent");
        check("forgot login answer");

        // the contacts page
        driver.get(env.keycloak().baseUrl() + "/realms/demo/recovery/contacts?kc_locale=" + locale + "&group=/classes/5A");
        await("recovery-contacts-page");
        check("contacts");

        // the required action that confirms a phone: the number, then the code
        driver.manage().deleteAllCookies();
        TestUser unconfirmed = user();
        JsonNode rep = admin.get("/admin/realms/" + REALM + "/users/" + unconfirmed.id()).json();
        ((ObjectNode) rep).putPOJO("requiredActions", List.of(VerifyPhoneNumberAction.ID));
        ((ObjectNode) rep).putPOJO("attributes", Map.of());
        assertEquals(204, admin.put("/admin/realms/" + REALM + "/users/" + unconfirmed.id(), rep.toString()).status());
        driver.get(env.keycloak().baseUrl() + loginUrl(env) + "&ui_locales=" + locale);
        await("kc-form-login");
        driver.findElement(By.id("username")).sendKeys(unconfirmed.username());
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        click(By.id("kc-login"));
        await("recovery-verify-phone-form");
        check("verify phone");
        expectFocus("phoneNumber");
        driver.findElement(By.id("phoneNumber")).sendKeys("12ab");
        click(By.id("recovery-verify-send"));
        await("recovery-verify-phone-form");
        check("verify phone with an error");
        expectErrorTiedToField("phoneNumber");
        WebElement number = driver.findElement(By.id("phoneNumber"));
        number.clear();
        number.sendKeys(randomPhone());
        click(By.id("recovery-verify-send"));
        await("recovery-code-sent-to");
        check("verify phone code");
        expectFocus("code");
        expectLeftToRight("recovery-code-sent-to");
        expectPoliteCountdown();

        assertEquals(List.of(), problems, "accessibility problems in " + locale);
    }

    /**
     * The console pages of ours (declarative UI): the contacts list and form, and the user's "Recovery SMS" tab. In
     * English: the console speaks the master admin's language, and the demo's master realm has only English.
     */
    @Test
    void consolePagesHaveNoSeriousOrCriticalViolations() {
        open("en");
        String console = env.keycloak().baseUrl() + "/admin/master/console/#/demo/";
        driver.get(console + "page-section/recovery-contacts");
        await("username");
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys("admin");
        click(By.id("kc-login"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Irina Petrova"));
        checkConsole("console contacts list");
        driver.get(console + "page-section/recovery-contacts/add");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=name]")));
        checkConsole("console contact form");
        String annaId = admin.get("/admin/realms/demo/users?exact=true&username=anna").json().get(0).path("id").asText();
        driver.get(console + "users/" + annaId + "/recovery-sms");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=save]")));
        checkConsole("console user recovery SMS tab");
        assertEquals(List.of(), problems, "accessibility problems in " + locale);
    }

    /** Login page to new password with keys only: Tab to move, typing into the focused field, Enter to submit. */
    @Test
    void thePhonePathCanBeCompletedWithTheKeyboardAlone() {
        open("en");
        TestUser user = user();
        try (FlowExecutions.Restore ignored = new FlowExecutions(admin)
                .overrideRequirement(FlowExecutions.IDENTIFY_FLOW, RecoveryCaptchaFactory.PROVIDER_ID, "DISABLED")) {
            driver.get(env.keycloak().baseUrl() + loginUrl(env));
            await("kc-form-login");
            tabTo("a[href*='login-actions/reset-credentials']");
            keys(Keys.ENTER);
            await("kc-recovery-chooser-form");
            expectFocus("recoveryOption-password");
            tabTo("#kc-recovery-chooser-continue");
            keys(Keys.ENTER);
            await("kc-reset-password-form");
            expectFocus("username");
            keys(user.username());
            tabTo("#recovery-by-sms");
            keys(Keys.ENTER);
            await("recovery-phone-digits-form");
            expectFocus("phoneDigits");
            keys(hiddenDigits(user.phone()), Keys.ENTER);
            await("recovery-sms-code-form");
            expectFocus("code");
            keys(lastCode(env, user.phone()), Keys.ENTER);
            await("kc-passwd-update-form");
            tabTo("#password-new");
            keys("Keyboard-Pass-42");
            tabTo("#password-confirm");
            keys("Keyboard-Pass-42", Keys.ENTER);
            wait.until(d -> !d.getCurrentUrl().contains("login-actions"));
        }
        assertTrue(canLogIn(env, user.username(), "Keyboard-Pass-42"), "the new password logs in");
        assertEquals(List.of(), problems);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void open(String locale) {
        this.locale = locale;
        driver = Chromium.start(1000, 1100);
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    private TestUser user() {
        TestUser user = createUser(admin, "a11y", true);
        users.add(user);
        return user;
    }

    private void check(String page) {
        List<String> found = Axe.check(driver, locale + " " + page, null);
        found.forEach(violation -> problems.add(locale + " " + page + ": " + violation));
    }

    /** The console's own frame (masthead, navigation) is Keycloak's; ours is the page section it shows. */
    private void checkConsole(String page) {
        Axe.check(driver, locale + " " + page + " (whole console, for the record)", null);
        List<String> found = Axe.check(driver, locale + " " + page + " (our section)", "main");
        found.forEach(violation -> problems.add(locale + " " + page + ": " + violation));
    }

    private void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /**
     * Clicks a submit button and waits for the next page, where the answer page has the same form id as the page sent
     * and the captcha's proof-of-work runs before the form leaves, so waiting for the id alone could check the old
     * page.
     */
    private void submit(By button) {
        WebElement page = driver.findElement(By.tagName("html"));
        click(button);
        wait.until(ExpectedConditions.stalenessOf(page));
    }

    private void await(String id) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    private String direction() {
        return driver.findElement(By.tagName("html")).getAttribute("dir");
    }

    private void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Presses Tab until the element matching {@code css} has the focus. */
    private void tabTo(String css) {
        WebElement target = driver.findElement(By.cssSelector(css));
        for (int i = 0; i < 30; i++) {
            if (target.equals(driver.switchTo().activeElement())) {
                return;
            }
            keys(Keys.TAB);
        }
        throw new AssertionError("Tab never reaches " + css + " on " + driver.getCurrentUrl());
    }

    /**
     * The browser applies {@code autofocus} after the page is parsed, so the field may be present before it has the
     * focus: a page gets up to 5 s to move it there (a CI run once checked in between and saw the body focused).
     */
    private void expectFocus(String id) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(5))
                    .until(d -> id.equals(d.switchTo().activeElement().getAttribute("id")));
        } catch (TimeoutException e) {
            String focused = driver.switchTo().activeElement().getAttribute("id");
            problems.add(locale + " " + driver.getTitle() + ": focus on '" + focused + "', expected '" + id + "'");
        }
    }

    /**
     * Each field message is tied to its field; the focus is on the field of the first one, or on the first field
     * when the page shows only a page-level message (e.g. the captcha's).
     */
    private void expectErrorsTiedToFieldsAndFocusOnTheFirst(String firstField) {
        List<WebElement> errors = driver.findElements(By.cssSelector("[id^='input-error-']:not([id^='input-error-container-'])"));
        if (errors.isEmpty()) {
            expectFocus(firstField);
            return;
        }
        List<String> fields = errors.stream().map(e -> e.getAttribute("id").substring("input-error-".length())).toList();
        fields.forEach(this::expectErrorTiedToField);
        expectFocus(fields.get(0));
    }

    private void expectErrorTiedToField(String field) {
        WebElement input = driver.findElement(By.id(field));
        String describedBy = String.valueOf(input.getAttribute("aria-describedby"));
        if (driver.findElements(By.id("input-error-" + field)).isEmpty()
                || !List.of(describedBy.split(" ")).contains("input-error-" + field)
                || !"true".equals(input.getAttribute("aria-invalid"))) {
            problems.add(locale + " " + field + ": error not tied to the field (aria-describedby='" + describedBy + "')");
        }
    }

    private void expectLeftToRight(String containerId) {
        WebElement number = driver.findElement(By.cssSelector("#" + containerId + " .recovery-masked-number"));
        // as rendered: the leading "+" stands left of the last digit, also inside a right-to-left page
        Boolean rendered = (Boolean) ((JavascriptExecutor) driver).executeScript(
                "var text = arguments[0].firstChild, range = document.createRange();"
                        + "range.setStart(text, 0); range.setEnd(text, 1); var first = range.getBoundingClientRect().left;"
                        + "range.setStart(text, text.length - 1); range.setEnd(text, text.length);"
                        + "return first < range.getBoundingClientRect().left;", number);
        if (!"ltr".equals(number.getAttribute("dir")) || !Boolean.TRUE.equals(rendered)) {
            problems.add(locale + " " + containerId + ": masked number not left to right");
        }
    }

    private void expectPoliteCountdown() {
        WebElement countdown = driver.findElement(By.id("recovery-resend-wait"));
        if (!"polite".equals(countdown.getAttribute("aria-live"))) {
            problems.add(locale + " countdown not announced politely");
        }
    }
}
