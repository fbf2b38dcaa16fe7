package io.github.kcrecovery.testing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness' HTTP browser against the real login page of the demo realm. */
class BrowserlessSessionIT {

    // account-console requires PKCE; the code is never exchanged, so any challenge will do
    private static final String LOGIN = "/realms/demo/protocol/openid-connect/auth?client_id=account-console"
            + "&response_type=code&scope=openid&code_challenge_method=S256"
            + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&redirect_uri=";

    private final TestEnvironment env = TestEnvironment.get();

    @Test
    void logsInThroughTheLoginForm() {
        BrowserlessSession browser = env.browser();
        browser.get(LOGIN + env.keycloak().baseUrl() + "/realms/demo/account/");
        assertEquals(200, browser.status());

        browser.submit("#kc-form-login", Map.of("username", "anna", "password", "Password-1"));

        assertEquals(200, browser.status(), browser.document().text());
        assertTrue(browser.url().toString().contains("code="), browser.url().toString());
    }

    @Test
    void wrongPasswordStaysOnTheFormWithAnError() {
        BrowserlessSession browser = env.browser();
        browser.get(LOGIN + env.keycloak().baseUrl() + "/realms/demo/account/");

        browser.submit("#kc-form-login", Map.of("username", "anna", "password", "wrong"));

        assertEquals(200, browser.status());
        assertNotNull(browser.document().selectFirst("#kc-form-login"), browser.document().text());
        assertTrue(browser.document().text().contains("Invalid username or password"), browser.document().text());
    }
}
