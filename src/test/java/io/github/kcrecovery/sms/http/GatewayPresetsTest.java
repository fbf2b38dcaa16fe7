package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.testing.SmsGatewayStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import io.github.kcrecovery.outbound.OutboundHttp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The presets of docs/sms-gateways.md against a local stub shaped like each gateway's documented API: the
 * request that arrives, a documented success answer and a documented error answer. Not the live services.
 */
class GatewayPresetsTest {

    record Preset(String name, Map<String, String> options, int okStatus, String okAnswer, int errorStatus, String errorAnswer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Preset> presets() {
        return List.of(
                new Preset("SMS.ru", Map.ofEntries(Map.entry("url", "{stub}/sms/send"), Map.entry("content-type", "form"), Map.entry("body", "api_id={apiKey}&to={phone}&msg={text}&json=1"), Map.entry("phone-format", "digits"), Map.entry("api-key", "${vault.smsru_api_id}"), Map.entry("success-json-pointer", "/status"), Map.entry("success-json-value", "OK")),
                        200, "{\"status\":\"OK\",\"status_code\":100,\"sms\":{\"79161234567\":{\"status\":\"OK\",\"status_code\":100,\"sms_id\":\"000000-10000000\"}},\"balance\":4122.56}",
                        200, "{\"status\":\"ERROR\",\"status_code\":200,\"status_text\":\"api_id\"}"),
                new Preset("SMSC.ru", Map.ofEntries(Map.entry("url", "{stub}/sys/send.php"), Map.entry("content-type", "form"), Map.entry("body", "login={username}&psw={password}&phones={phone}&mes={text}&sender={from}&fmt=3&charset=utf-8"), Map.entry("phone-format", "digits"), Map.entry("username", "my-login"), Map.entry("password", "${vault.smsc_password}"), Map.entry("from", "MyOrg"), Map.entry("success-json-pointer", "/id")),
                        200, "{\"id\":1234,\"cnt\":1}",
                        200, "{\"error\":\"authorise error\",\"error_code\":2}"),
                new Preset("Twilio", Map.ofEntries(Map.entry("url", "{stub}/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json"), Map.entry("content-type", "form"), Map.entry("body", "To={phone}&From={from}&Body={text}"), Map.entry("from", "+15005550006"), Map.entry("auth-type", "basic"), Map.entry("username", "AC0123456789abcdef0123456789abcdef"), Map.entry("password", "${vault.twilio_auth_token}"), Map.entry("success-status", "201")),
                        201, "{\"sid\":\"SM1\",\"status\":\"queued\"}",
                        400, "{\"code\":21211,\"message\":\"Invalid To Phone Number\",\"status\":400}"),
                new Preset("SMS Aero", Map.ofEntries(Map.entry("method", "GET"), Map.entry("url", "{stub}/v2/sms/send?number={phone}&text={text}&sign={from}"), Map.entry("phone-format", "digits"), Map.entry("from", "SMS Aero"), Map.entry("auth-type", "basic"), Map.entry("username", "you@example.com"), Map.entry("password", "${vault.smsaero_api_key}"), Map.entry("success-json-pointer", "/success"), Map.entry("success-json-value", "true")),
                        200, "{\"success\":true,\"data\":{\"id\":1},\"message\":null}",
                        200, "{\"success\":false,\"data\":null,\"message\":\"Validation error.\"}"),
                new Preset("MTS Exolve", Map.ofEntries(Map.entry("url", "{stub}/messaging/v1/SendSMS"), Map.entry("body", "{\"number\":\"{from}\",\"destination\":\"{phone}\",\"text\":\"{text}\"}"), Map.entry("phone-format", "digits"), Map.entry("from", "79990001122"), Map.entry("auth-type", "bearer"), Map.entry("api-key", "${vault.exolve_api_key}"), Map.entry("success-json-pointer", "/message_id")),
                        200, "{\"message_id\":\"12345\"}",
                        400, "{\"error\":{\"message\":\"invalid destination\"}}"),
                new Preset("Vonage", Map.ofEntries(Map.entry("url", "{stub}/sms/json"), Map.entry("content-type", "form"), Map.entry("body", "api_key={username}&api_secret={password}&from={from}&to={phone}&text={text}&type=unicode"), Map.entry("phone-format", "digits"), Map.entry("from", "MyOrg"), Map.entry("username", "abcd1234"), Map.entry("password", "${vault.vonage_api_secret}"), Map.entry("success-json-pointer", "/messages/0/status"), Map.entry("success-json-value", "0")),
                        200, "{\"message-count\":\"1\",\"messages\":[{\"to\":\"79161234567\",\"message-id\":\"abc\",\"status\":\"0\"}]}",
                        200, "{\"message-count\":\"1\",\"messages\":[{\"status\":\"4\",\"error-text\":\"Bad Credentials\"}]}"),
                new Preset("MessageBird", Map.ofEntries(Map.entry("url", "{stub}/messages"), Map.entry("body", "{\"originator\":\"{from}\",\"recipients\":[\"{phone}\"],\"body\":\"{text}\"}"), Map.entry("phone-format", "digits"), Map.entry("from", "MyOrg"), Map.entry("auth-type", "header"), Map.entry("auth-header", "Authorization"), Map.entry("auth-header-prefix", "AccessKey"), Map.entry("api-key", "${vault.messagebird_access_key}"), Map.entry("success-status", "201")),
                        201, "{\"id\":\"e8077d803532c0b5937c639b60216938\"}",
                        401, "{\"errors\":[{\"code\":2,\"description\":\"Request not allowed\"}]}")
);
    }

    private SmsGatewayStub gateway;

    @BeforeEach
    void start() throws IOException {
        gateway = SmsGatewayStub.startOnFreePort();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void successAnswerPassesAndErrorAnswerFails(Preset preset) {
        HttpSmsSenderProvider provider = provider(preset);

        gateway.respondAlways(new SmsGatewayStub.Response(preset.okStatus(), preset.okAnswer(), Duration.ZERO));
        assertDoesNotThrow(() -> provider.send("+79161234567", "Код 123456 & \"ok\""));

        gateway.respondAlways(new SmsGatewayStub.Response(preset.errorStatus(), preset.errorAnswer(), Duration.ZERO));
        assertThrows(SmsSendException.class, () -> provider.send("+79161234567", "Код 123456"));
    }

    private HttpSmsSenderProvider provider(Preset preset) {
        Map<String, String> options = new HashMap<>(preset.options());
        options.put("url", options.get("url").replace("{stub}", gateway.baseUrl()));
        HttpGatewaySettings settings = HttpGatewaySettings.fromMap(options);
        // stands in for the vault: ${vault.x} becomes "secret-x"
        return new HttpSmsSenderProvider(new OutboundHttp(null, 4), settings,
                value -> value.startsWith("${vault.") ? "secret-" + value.substring(8, value.length() - 1) : value);
    }
}
