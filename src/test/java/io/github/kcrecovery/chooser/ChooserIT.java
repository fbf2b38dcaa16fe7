package io.github.kcrecovery.chooser;

import io.github.kcrecovery.captcha.FlowExecutions;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.BrowserlessSession;
import io.github.kcrecovery.testing.Smoke;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.username.RecoveryPages;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.github.kcrecovery.username.RecoveryPages.CHOOSER_FORM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first recovery page: what was forgotten, social sign-in, the way to an administrator. */
class ChooserIT {

    private static final String IDENTIFIER_FORM = "#kc-reset-password-form";
    private final TestEnvironment env = TestEnvironment.get();

    @Test
    @Smoke
    void offersPasswordUsernameAndBothAndLinksToTheContactsPage() {
        BrowserlessSession browser = RecoveryPages.openRecovery(env);

        Element form = browser.document().selectFirst(CHOOSER_FORM);
        assertNotNull(form, browser.document().text());
        assertEquals(List.of("password", "username", "both"), form.select("input[name=recoveryOption]").eachAttr("value"));
        Element contacts = browser.document().selectFirst("#kc-recovery-contacts");
        assertNotNull(contacts);
        assertTrue(contacts.attr("href").endsWith("/realms/demo/recovery/contacts"), contacts.attr("href"));
        assertNull(browser.document().selectFirst("#kc-recovery-social-hint"), "no identity providers in the demo realm");
    }

    @Test
    @Smoke
    void eachChoiceLeadsToItsBranch() {
        assertNotNull(RecoveryPages.openRecovery(env).submit(CHOOSER_FORM, Map.of("recoveryOption", "password"))
                .document().selectFirst(IDENTIFIER_FORM), "password: the identifier page");
        for (String option : List.of("username", "both")) {
            assertNotNull(RecoveryPages.openRecovery(env).submit(CHOOSER_FORM, Map.of("recoveryOption", option))
                    .document().selectFirst(RecoveryPages.USERNAME_FORM), option + ": the forgot-login form");
        }
    }

    @Test
    void noOrUnknownChoiceComesBackWithAMessage() {
        for (String value : List.of("", "everything")) {
            BrowserlessSession browser = RecoveryPages.openRecovery(env).submit(CHOOSER_FORM, Map.of("recoveryOption", value));
            assertEquals(200, browser.status());
            assertNotNull(browser.document().selectFirst(CHOOSER_FORM));
            assertNotNull(browser.document().selectFirst("#input-error-recoveryOption"), browser.document().text());
        }
    }

    @Test
    void listsTheRealmsIdentityProviders() {
        AdminClient admin = env.admin();
        String path = "/admin/realms/demo/identity-provider/instances";
        AdminClient.Response created = admin.post(path, Map.of("alias", "it-social", "providerId", "oidc", "enabled", true,
                "displayName", "IT Social", "config", Map.of("authorizationUrl", "http://127.0.0.1:9/auth",
                        "tokenUrl", "http://127.0.0.1:9/token", "clientId", "it", "clientSecret", "it",
                        "clientAuthMethod", "client_secret_post")));
        assertEquals(201, created.status(), created.body());
        try {
            BrowserlessSession browser = RecoveryPages.openRecovery(env);
            assertNotNull(browser.document().selectFirst("#kc-recovery-social-hint"));
            Element link = browser.document().selectFirst("#social-it-social");
            assertNotNull(link, browser.document().html());
            assertTrue(link.attr("href").contains("/realms/demo/broker/it-social/login"), link.attr("href"));
        } finally {
            admin.delete(path + "/it-social");
        }
    }

    @Test
    void switchedOffItBehavesAsPasswordWithoutAPage() {
        try (FlowExecutions.Restore ignored = new FlowExecutions(env.admin())
                .override(FlowExecutions.TOP_FLOW, RecoveryChooserFactory.PROVIDER_ID, Map.of("chooserEnabled", "false"))) {
            BrowserlessSession browser = RecoveryPages.openRecovery(env);
            assertNull(browser.document().selectFirst(CHOOSER_FORM));
            assertNotNull(browser.document().selectFirst(IDENTIFIER_FORM), browser.document().text());
        }
    }
}
