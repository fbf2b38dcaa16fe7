package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.sms.http.HttpGatewaySettings.PhoneFormat;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpGatewaySettingsTest {

    @Test
    void defaults() {
        HttpGatewaySettings s = HttpGatewaySettings.fromMap(Map.of("url", "https://gw.example/send", "body", "{}"));

        assertEquals(HttpGatewaySettings.Method.POST, s.method());
        assertEquals(HttpGatewaySettings.ContentType.JSON, s.contentType());
        assertEquals(PhoneFormat.E164, s.phoneFormat());
        assertEquals(HttpGatewaySettings.AuthType.NONE, s.authType());
        assertEquals(Duration.ofMillis(5000), s.connectTimeout());
        assertEquals(Duration.ofMillis(10000), s.readTimeout());
        assertEquals(200, s.success().minStatus());
        assertEquals(299, s.success().maxStatus());
        assertNull(s.success().jsonPointer());
    }

    @Test
    void blankOptionsCountAsUnset() {
        HttpGatewaySettings s = HttpGatewaySettings.fromMap(Map.of("url", "https://gw.example/", "method", " ", "body", ""));
        assertEquals(HttpGatewaySettings.Method.POST, s.method());
        assertNull(s.body());
    }

    @Test
    void phoneFormats() throws SmsSendException {
        assertEquals("+79161234567", PhoneFormat.E164.format("+79161234567"));
        assertEquals("79161234567", PhoneFormat.DIGITS.format("+79161234567"));
        assertThrows(SmsSendException.class, () -> PhoneFormat.DIGITS.format("89161234567"));
        assertThrows(SmsSendException.class, () -> PhoneFormat.E164.format("+7 916 123"));
        assertEquals(PhoneFormat.DIGITS,
                HttpGatewaySettings.fromMap(Map.of("url", "https://gw.example/", "phone-format", "DIGITS")).phoneFormat());
    }

    @Test
    void invalidConfigurationsAreRejectedWithTheOptionName() {
        assertMessage("option url is required", Map.of("body", "{}"));
        assertMessage("option url must start with https:// or http://", Map.of("url", "ftp://gw.example/"));
        assertMessage("option body is only sent with method POST", Map.of("url", "https://gw.example/", "method", "get", "body", "x"));
        assertMessage("option method must be one of [get, post]", Map.of("url", "https://gw.example/", "method", "PUT"));
        assertMessage("option content-type must be one of [json, form]", Map.of("url", "https://gw.example/", "content-type", "xml"));
        assertMessage("option url: Unknown placeholder {to}; known are {phone}, {text}, {from}, {username}, {password}, {apiKey}",
                Map.of("url", "https://gw.example/?to={to}"));
        assertMessage("a template uses {apiKey} but option api-key is not set", Map.of("url", "https://gw.example/?k={apiKey}"));
        assertMessage("auth-type basic needs option password", Map.of("url", "https://gw.example/", "auth-type", "basic", "username", "u"));
        assertMessage("auth-type header needs option auth-header", Map.of("url", "https://gw.example/", "auth-type", "header", "api-key", "k"));
        assertMessage("option auth-header must be a header name such as Authorization",
                Map.of("url", "https://gw.example/", "auth-type", "header", "auth-header", "X Key:", "api-key", "k"));
        assertMessage("option read-timeout-ms must be a positive number of milliseconds", Map.of("url", "https://gw.example/", "read-timeout-ms", "0"));
        assertMessage("option connect-timeout-ms must be a positive number of milliseconds", Map.of("url", "https://gw.example/", "connect-timeout-ms", "5s"));
    }

    @Test
    void toStringHidesSecrets() {
        Map<String, String> options = new HashMap<>(Map.of("url", "https://gw.example/?k={apiKey}", "api-key", "K-SECRET",
                "auth-type", "basic", "username", "user", "password", "P-SECRET"));
        String text = HttpGatewaySettings.fromMap(options).toString();
        assertFalse(text.contains("SECRET"), text);
        assertTrue(text.contains("BASIC"), text);
    }

    @Test
    void aRealmShapingTheRequestInheritsNoServerCredentials() {
        Map<String, String> server = Map.of("url", "https://gw.example/send", "body", "{\"t\":\"{text}\"}",
                "username", "AC1", "password", "server-token", "api-key", "server-key", "auth-type", "bearer", "from", "Srv");

        assertEquals("server-key", HttpGatewaySettings.merge(server, Map.of("from", "Realm")).get("api-key"),
                "only the sender name changed: the server's gateway and key");
        for (String shaping : HttpGatewaySettings.SHAPING) {
            Map<String, String> merged = HttpGatewaySettings.merge(server, Map.of(shaping, "x"));
            for (String credential : HttpGatewaySettings.CREDENTIALS) {
                assertEquals(null, merged.get(credential), shaping + " set by the realm, " + credential + " inherited");
            }
        }
        Map<String, String> own = HttpGatewaySettings.merge(server, Map.of("body", "{\"t\":\"{apiKey}\"}", "api-key", "realm-key"));
        assertEquals("realm-key", own.get("api-key"));
        assertEquals("https://gw.example/send", own.get("url"));
    }

    private static void assertMessage(String expected, Map<String, String> options) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> HttpGatewaySettings.fromMap(options)).getMessage());
    }
}
