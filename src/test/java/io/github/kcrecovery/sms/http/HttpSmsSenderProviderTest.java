package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.testing.Ports;
import io.github.kcrecovery.testing.SmsGatewayStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.kcrecovery.outbound.OutboundHttp;
import io.github.kcrecovery.outbound.OutboundRules;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpSmsSenderProviderTest {

    private static final String PHONE = "+79161234567";
    private static final String TEXT = "Код 123456: \"go\" & 50% off\n{apiKey}";

    private SmsGatewayStub gateway;
    private HttpSmsSenderProvider provider;

    @BeforeEach
    void start() throws IOException {
        gateway = SmsGatewayStub.startOnFreePort();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void postJsonWithBearer() throws Exception {
        provider(Map.of("url", gateway.baseUrl() + "/messaging/v1/SendSMS", "body",
                "{\"number\":\"{from}\",\"destination\":\"{phone}\",\"text\":\"{text}\"}", "phone-format", "digits",
                "from", "79990001122", "auth-type", "bearer", "api-key", "TOKEN",
                "success-json-pointer", "/message_id"));
        gateway.respondAlways(new SmsGatewayStub.Response(200, "{\"message_id\":\"42\"}", Duration.ZERO));

        send();

        SmsGatewayStub.Request r = gateway.lastRequest();
        assertEquals("POST", r.method());
        assertEquals("/messaging/v1/SendSMS", r.path());
        assertEquals("{\"number\":\"79990001122\",\"destination\":\"79161234567\",\"text\":\"Код 123456: \\\"go\\\" & 50% off\\n{apiKey}\"}", r.body());
        assertEquals("application/json; charset=UTF-8", r.header("Content-Type"));
        assertEquals("application/json", r.header("Accept"));
        assertEquals("Bearer TOKEN", r.header("Authorization"));
    }

    @Test
    void postFormWithBasic() throws Exception {
        provider(Map.of("url", gateway.baseUrl() + "/2010-04-01/Accounts/AC1/Messages.json", "content-type", "form",
                "body", "To={phone}&From={from}&Body={text}", "from", "+15005550006",
                "auth-type", "basic", "username", "AC1", "password", "tøken:x", "success-status", "201"));
        gateway.respondAlways(new SmsGatewayStub.Response(201, "{\"sid\":\"SM1\"}", Duration.ZERO));

        send();

        SmsGatewayStub.Request r = gateway.lastRequest();
        assertEquals("To=%2B79161234567&From=%2B15005550006&Body=%D0%9A%D0%BE%D0%B4+123456%3A+%22go%22+%26+50%25+off%0A%7BapiKey%7D", r.body());
        assertEquals("application/x-www-form-urlencoded; charset=UTF-8", r.header("Content-Type"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("AC1:tøken:x".getBytes(StandardCharsets.UTF_8)),
                r.header("Authorization"));
    }

    @Test
    void getWithCredentialsInQuery() throws Exception {
        provider(Map.of("method", "GET", "url", gateway.baseUrl() + "/sms/send?api_id={apiKey}&to={phone}&msg={text}&json=1",
                "phone-format", "digits", "api-key", "A+B/C", "success-json-pointer", "/status", "success-json-value", "OK"));
        gateway.respondAlways(new SmsGatewayStub.Response(200, "{\"status\":\"OK\",\"sms\":{}}", Duration.ZERO));

        send();

        SmsGatewayStub.Request r = gateway.lastRequest();
        assertEquals("GET", r.method());
        assertEquals("api_id=A%2BB%2FC&to=79161234567&msg=%D0%9A%D0%BE%D0%B4%20123456%3A%20%22go%22%20%26%2050%25%20off%0A%7BapiKey%7D&json=1",
                r.query());
        assertEquals("", r.body());
        assertNull(r.header("Content-Type"));
        assertNull(r.header("Authorization"));
    }

    @Test
    void headerAuthWithPrefix() throws Exception {
        provider(Map.of("url", gateway.baseUrl() + "/messages", "body",
                "{\"originator\":\"{from}\",\"recipients\":[\"{phone}\"],\"body\":\"{text}\"}", "from", "Acme",
                "auth-type", "header", "auth-header", "Authorization", "auth-header-prefix", "AccessKey", "api-key", "live_x",
                "success-status", "201"));
        gateway.respondAlways(new SmsGatewayStub.Response(201, "{\"id\":\"m1\"}", Duration.ZERO));

        send();

        assertEquals("AccessKey live_x", gateway.lastRequest().header("Authorization"));
    }

    @Test
    void secretsAreResolvedAtSendTime() throws Exception {
        Map<String, String> vault = Map.of("${vault.sms_key}", "FROM-VAULT");
        provider(Map.of("url", gateway.baseUrl() + "/send?key={apiKey}", "api-key", "${vault.sms_key}"),
                value -> vault.getOrDefault(value, value));

        send();

        assertEquals("key=FROM-VAULT", gateway.lastRequest().query());
    }

    @Test
    void missingVaultEntryFailsWithoutSending() throws IOException {
        provider(Map.of("url", gateway.baseUrl() + "/send?key={apiKey}", "api-key", "${vault.missing}"), value -> null);

        SmsSendException e = assertThrows(SmsSendException.class, this::send);
        assertEquals("invalid settings: option api-key refers to a vault entry that does not exist", e.getMessage());
        assertNull(gateway.lastRequest());
    }

    @Test
    void serverErrorFailsWithoutLeakingTheMessage() throws IOException {
        provider(Map.of("url", gateway.baseUrl() + "/send?to={phone}&msg={text}&key={apiKey}", "api-key", "SECRET-KEY"));
        gateway.respondAlways(new SmsGatewayStub.Response(500, "{\"error\":\"boom\"}", Duration.ZERO));

        SmsSendException e = assertThrows(SmsSendException.class, this::send);
        assertEquals("http status: SMS gateway answered with an HTTP 5xx status, expected 200-299", e.getMessage());
        assertNoLeak(e);
    }

    @Test
    void garbageAnswerFailsWhenAPointerIsConfigured() throws IOException {
        provider(Map.of("url", gateway.baseUrl() + "/send", "success-json-pointer", "/id"));
        gateway.respondAlways(new SmsGatewayStub.Response(200, "<html>gateway maintenance</html>", Duration.ZERO));

        assertEquals(SmsSendException.Failure.UNEXPECTED_ANSWER, assertThrows(SmsSendException.class, this::send).failure());
    }

    @Test
    void slowGatewayTimesOut() throws IOException {
        provider(Map.of("url", gateway.baseUrl() + "/send?msg={text}", "read-timeout-ms", "300"));
        gateway.respondAlways(new SmsGatewayStub.Response(200, "{}", Duration.ofMillis(5000)));

        long start = System.nanoTime();
        SmsSendException e = assertThrows(SmsSendException.class, this::send);
        long tookMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertTrue(tookMillis >= 250 && tookMillis < 2000, "took " + tookMillis + " ms");
        assertEquals("timeout: SMS gateway 127.0.0.1 did not answer in time", e.getMessage());
        assertNoLeak(e);
    }

    @Test
    void refusedConnectionFails() throws IOException {
        provider(Map.of("url", "http://127.0.0.1:" + Ports.free() + "/send?msg={text}"));

        SmsSendException e = assertThrows(SmsSendException.class, this::send);
        assertEquals("connection refused: SMS gateway 127.0.0.1 refused the connection", e.getMessage());
        assertNoLeak(e);
    }

    @Test
    void notE164IsRefusedBeforeSending() throws IOException {
        provider(Map.of("url", gateway.baseUrl() + "/send"));

        assertThrows(SmsSendException.class, () -> provider.send("89161234567", TEXT));
        assertNull(gateway.lastRequest());
    }

    @Test
    void redirectsAreNotFollowed() throws IOException {
        provider(Map.of("url", gateway.baseUrl() + "/send"));
        gateway.respondAlways(new SmsGatewayStub.Response(302, "", Duration.ZERO));

        assertThrows(SmsSendException.class, this::send);
    }

    @Test
    void okAnswerPasses() throws IOException {
        provider(Map.of("url", gateway.baseUrl() + "/send", "body", "{\"t\":\"{text}\"}"));

        assertDoesNotThrow(this::send);
    }

    private void provider(Map<String, String> options) {
        provider(options, UnaryOperator.identity());
    }

    private void provider(Map<String, String> options, UnaryOperator<String> resolver) {
        provider = new HttpSmsSenderProvider(new OutboundHttp(null, 4), HttpGatewaySettings.fromMap(options), resolver);
    }

    /** A realm's gateway: through a client with the realm rules. */
    private void realmProvider(Map<String, String> options, OutboundRules rules) {
        provider = new HttpSmsSenderProvider(new OutboundHttp(rules, 4), HttpGatewaySettings.fromMap(options), UnaryOperator.identity());
    }

    @Test
    void realmGatewayOnAnUnlistedHostIsNeverContacted() {
        realmProvider(Map.of("url", gateway.baseUrl() + "/send"), OutboundRules.parse("gw.example", null, "127.0.0.1/32", 10000));

        SmsSendException e = assertThrows(SmsSendException.class, this::send);
        assertEquals(SmsSendException.Failure.HOST_NOT_ALLOWED, e.failure());
        assertNull(gateway.lastRequest());
    }

    @Test
    void realmGatewayOnALoopbackAddressIsNeverContacted() {
        String hostAndPort = URI.create(gateway.baseUrl()).getAuthority();
        realmProvider(Map.of("url", gateway.baseUrl() + "/send"), OutboundRules.parse(hostAndPort, null, "", 10000));

        SmsSendException e = assertThrows(SmsSendException.class, this::send);
        assertEquals(SmsSendException.Failure.ADDRESS_NOT_ALLOWED, e.failure());
        assertNull(gateway.lastRequest());
    }

    @Test
    void realmGatewayOnAListedHostAndAllowedNetworkIsUsed() {
        String hostAndPort = URI.create(gateway.baseUrl()).getAuthority();
        realmProvider(Map.of("url", gateway.baseUrl() + "/send"), OutboundRules.parse(hostAndPort, null, "127.0.0.0/8", 10000));

        assertDoesNotThrow(this::send);
        assertEquals("/send", gateway.lastRequest().path());
    }

    @Test
    void realmTimeoutIsCappedByTheServer() {
        String hostAndPort = URI.create(gateway.baseUrl()).getAuthority();
        realmProvider(Map.of("url", gateway.baseUrl() + "/send", "read-timeout-ms", "60000"),
                OutboundRules.parse(hostAndPort, null, "127.0.0.1/32", 300));
        gateway.respondAlways(new SmsGatewayStub.Response(200, "{}", Duration.ofMillis(5000)));

        long start = System.nanoTime();
        SmsSendException e = assertThrows(SmsSendException.class, this::send);
        long tookMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.println("capped realm timeout ended the send after " + tookMillis + " ms");
        assertEquals(SmsSendException.Failure.TIMEOUT, e.failure());
    }

    private void send() throws SmsSendException {
        provider.send(PHONE, TEXT);
    }

    /** Walks the cause chain too: callers may log the whole exception. */
    private static void assertNoLeak(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            for (String secret : new String[] {"123456", "7916", "SECRET-KEY", "%D0%9A"}) {
                assertFalse(message.contains(secret), t + " leaks " + secret);
            }
        }
    }
}
