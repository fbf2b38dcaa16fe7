package io.github.kcrecovery.contacts;

import io.github.kcrecovery.admin.DemoRealmUsers;
import io.github.kcrecovery.captcha.CaptchaVerifyStub;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.Smoke;
import io.github.kcrecovery.testing.TestEnvironment;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public page {@code /realms/demo/recovery/contacts} with the demo realm's imported contacts. */
class ContactsPageIT {

    private static final String PAGE = "/realms/demo/recovery/contacts";
    private static final String SETTINGS = "/admin/realms/demo/recovery/settings";
    // account-console requires PKCE; the code is never exchanged, so any challenge will do
    private static final String LOGIN = "/realms/demo/protocol/openid-connect/auth?client_id=account-console"
            + "&response_type=code&scope=openid&code_challenge_method=S256"
            + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&redirect_uri=";

    private static TestEnvironment env;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
        admin = env.admin();
    }

    @Test
    @Smoke
    void showsTheRealmsContactsInTheVisitorsLanguage() throws Exception {
        Document english = fetch(PAGE, "en");
        assertTrue(english.text().contains("Irina Petrova"), english.text());
        assertTrue(english.text().contains("School administrator"));
        assertTrue(english.text().contains("Contact your administrator"));
        assertNotNull(english.selectFirst("a[href=mailto:admin@demo.local]"));
        // issue 14: the number is a tel: link, written the way people read it
        assertEquals("+7 495 123-45-67", english.selectFirst("a[href=tel:+74951234567]").text());
        assertFalse(english.text().contains("Ирина"));

        Document russian = fetch(PAGE, "ru");
        assertTrue(russian.text().contains("Ирина Петрова"), russian.text());
        assertTrue(russian.text().contains("Администратор школы"));
        assertTrue(russian.text().contains("Обратитесь к администратору"));
        assertFalse(russian.text().contains("School administrator"));
        // untranslated fields stay as entered
        assertNotNull(russian.selectFirst("a[href=mailto:admin@demo.local]"));

        // the language switch of login pages, and the OIDC ui_locales a client passes along
        assertTrue(fetch(PAGE + "?kc_locale=ru", "en").text().contains("Ирина Петрова"));
        assertTrue(fetch(PAGE + "?ui_locales=ru", "en").text().contains("Ирина Петрова"));
    }

    @Test
    void groupContactsAppearOnlyWhenChosen() throws Exception {
        Document page = fetch(PAGE, "en");
        assertFalse(page.text().contains("Olga Smirnova"), "a class teacher is not shown unasked");
        // only groups that have contacts are offered
        assertNotNull(page.selectFirst("select[name=group] option[value=/classes/5A]"));
        assertEquals(null, page.selectFirst("select[name=group] option[value=/classes/6B]"));
        // the demo realm does not use organizations, so there is nothing to pick
        assertEquals(null, page.selectFirst("select[name=org]"));

        Document fiveA = fetch(PAGE + "?group=/classes/5A", "ru");
        assertTrue(fiveA.select("#recovery-contacts-group").text().contains("Ольга Смирнова"), fiveA.text());
        assertTrue(fiveA.text().contains("Ирина Петрова"), "realm-wide contacts stay");
        assertFalse(fetch(PAGE + "?group=/classes/6B", "en").text().contains("Olga Smirnova"));
        assertFalse(fetch(PAGE + "?group=%3Cx%3E", "en").text().contains("Olga Smirnova"));
    }

    @Test
    void groupsAreListedOnlyWhenTheAdminAllowsIt() throws Exception {
        Map<String, String> before = DemoRealmUsers.recoverySettings(admin);
        try {
            Map<String, String> off = new java.util.HashMap<>(before);
            off.put("public-groups", "false");
            assertEquals(204, admin.put(SETTINGS, off).status());
            Document page = fetch(PAGE + "?group=/classes/5A", "en");
            assertEquals(null, page.selectFirst("select[name=group]"));
            assertFalse(page.text().contains("Olga Smirnova"));
        } finally {
            assertEquals(204, admin.put(SETTINGS, before).status());
        }
        assertTrue(fetch(PAGE + "?group=/classes/5A", "en").text().contains("Olga Smirnova"));
    }

    /** In a realm of its own: enabling organizations turns the demo realm's login into identity-first. */
    @Test
    void organizationContactsAppearOnlyWhenChosenAndAllowed() throws Exception {
        String realm = "contacts-orgs";
        String page = "/realms/" + realm + "/recovery/contacts";
        AdminClient.Response created = admin.post("/admin/realms", Map.of(
                "realm", realm, "enabled", true, "organizationsEnabled", true,
                "organizations", List.of(
                        Map.of("name", "School No. 1", "alias", "school-1", "domains", List.of(Map.of("name", "school1.example"))),
                        Map.of("name", "School No. 2", "alias", "school-2", "domains", List.of(Map.of("name", "school2.example")))),
                "components", Map.of("org.keycloak.services.ui.extend.UiPageProvider", List.of(
                        page("recovery-contacts", Map.of("name", "Front desk")),
                        page("recovery-contacts", Map.of("name", "Pavel Orlov", "organization", "school-2")),
                        page("recovery-settings", Map.of("public-organizations", "true"))))));
        assertEquals(201, created.status(), created.body());
        try {
            Document all = fetch(page, "en");
            assertTrue(all.text().contains("Front desk"), all.text());
            assertFalse(all.text().contains("Pavel Orlov"), "an organization's contact is not shown unasked");
            // only organizations that have contacts are offered
            assertNotNull(all.selectFirst("select[name=org] option[value=school-2]"));
            assertEquals(null, all.selectFirst("select[name=org] option[value=school-1]"));

            Document school2 = fetch(page + "?org=school-2", "en");
            assertTrue(school2.select("#recovery-contacts-organization").text().contains("Pavel Orlov"), school2.text());
            assertTrue(school2.text().contains("Front desk"));
            assertFalse(fetch(page + "?org=school-1", "en").text().contains("Pavel Orlov"));

            // the admin stops listing organizations: no choice, and asking for one shows nothing more
            assertEquals(204, admin.put("/admin/realms/" + realm + "/recovery/settings", Map.of("public-organizations", "false")).status());
            Document hidden = fetch(page + "?org=school-2", "en");
            assertEquals(null, hidden.selectFirst("select[name=org]"));
            assertFalse(hidden.text().contains("Pavel Orlov"));
        } finally {
            admin.delete("/admin/realms/" + realm);
        }
    }

    @Test
    void thePageIsTheSameWhateverAccountIsInvolved() {
        String anonymous = html(env.browser().get(PAGE));

        // logged in to the account console as anna (SSO cookies of the realm)
        BrowserlessSession anna = env.browser();
        anna.get(LOGIN + env.keycloak().baseUrl() + "/realms/demo/account/");
        anna.submit("#kc-form-login", Map.of("username", "anna", "password", "Password-1"));
        assertEquals(anonymous, html(anna.get(PAGE)));

        // in the middle of a forgot-password attempt for boris, and for an unknown name
        try (CaptchaVerifyStub captcha = CaptchaVerifyStub.install(env)) {
            for (String attempted : new String[]{"boris", "no-such-user"}) {
                BrowserlessSession attempt = env.browser();
                attempt.get(LOGIN + env.keycloak().baseUrl() + "/realms/demo/account/");
                attempt.click("a[href*=reset-credentials]");
                attempt.submit("#kc-recovery-chooser-form", Map.of("recoveryOption", "password"));
                attempt.submit("#kc-reset-password-form", Map.of("username", attempted, "method", "sms",
                        CaptchaVerifyStub.RESPONSE_FIELD, CaptchaVerifyStub.passToken()));
                assertNotNull(attempt.document().selectFirst("#recovery-phone-digits-form"), attempted);
                assertEquals(anonymous, html(attempt.get(PAGE)), attempted);
            }
        }
    }

    @Test
    void adminTextIsEscaped() throws Exception {
        AdminClient.Response created = admin.post("/admin/realms/demo/recovery/contacts",
                Map.of("name", "<script>alert(1)</script>", "note", "<img src=x onerror=alert(2)>"));
        assertEquals(201, created.status(), created.body());
        try {
            String raw = fetchRaw(PAGE, "en");
            assertFalse(raw.contains("<script>alert(1)"), "name printed unescaped");
            assertFalse(raw.contains("<img src=x"), "note printed unescaped");
            assertTrue(raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        } finally {
            admin.delete("/admin/realms/demo/recovery/contacts/" + created.json().path("id").asText());
        }
    }

    @Test
    void backToLoginLink() throws Exception {
        Document page = fetch(PAGE, "en");
        String href = page.selectFirst("#recovery-contacts-back").attr("href");
        assertTrue(href.endsWith("/realms/demo/account"), href);
    }

    private static Map<String, Object> page(String pageId, Map<String, String> config) {
        Map<String, List<String>> multi = new java.util.HashMap<>();
        config.forEach((k, v) -> multi.put(k, List.of(v)));
        return Map.of("name", pageId, "providerId", pageId, "config", multi);
    }

    /** The whole page, byte for byte as parsed. */
    private static String html(BrowserlessSession browser) {
        assertEquals(200, browser.status());
        return browser.document().outerHtml();
    }

    private static Document fetch(String path, String acceptLanguage) throws Exception {
        return Jsoup.parse(fetchRaw(path, acceptLanguage));
    }

    private static String fetchRaw(String path, String acceptLanguage) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.keycloak().baseUrl() + path))
                .header("Accept-Language", acceptLanguage).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
