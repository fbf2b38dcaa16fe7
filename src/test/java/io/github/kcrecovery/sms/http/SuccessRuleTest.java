package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.sms.SmsSendException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SuccessRuleTest {

    @Test
    void statusRange() {
        SuccessRule rule = SuccessRule.parse("200-299", null, null);
        assertDoesNotThrow(() -> rule.check(200, ""));
        assertDoesNotThrow(() -> rule.check(299, "not json, not checked"));
        assertEquals("http status: SMS gateway answered with an HTTP 3xx status, expected 200-299",
                assertThrows(SmsSendException.class, () -> rule.check(300, "")).getMessage());
        assertThrows(SmsSendException.class, () -> rule.check(199, ""));
    }

    @Test
    void singleStatus() {
        SuccessRule rule = SuccessRule.parse("201", null, null);
        assertDoesNotThrow(() -> rule.check(201, ""));
        assertEquals("http status: SMS gateway answered with an HTTP 2xx status, expected 201",
                assertThrows(SmsSendException.class, () -> rule.check(200, "")).getMessage());
    }

    @Test
    void pointerWithValue() {
        SuccessRule rule = SuccessRule.parse("200", "/status", "OK");
        assertDoesNotThrow(() -> rule.check(200, "{\"status\":\"OK\",\"balance\":4}"));
        assertEquals("unexpected answer: the SMS gateway's answer does not show the message as sent (success-json-pointer, success-json-value)",
                assertThrows(SmsSendException.class, () -> rule.check(200, "{\"status\":\"ERROR\"}")).getMessage());
        assertThrows(SmsSendException.class, () -> rule.check(200, "{\"status\":{\"OK\":1}}"));
    }

    @Test
    void nestedPointerMatchesNumbersAndBooleansByText() {
        assertDoesNotThrow(() -> SuccessRule.parse("200", "/messages/0/status", "0")
                .check(200, "{\"messages\":[{\"status\":\"0\"}]}"));
        assertDoesNotThrow(() -> SuccessRule.parse("200", "/success", "true").check(200, "{\"success\":true}"));
        assertThrows(SmsSendException.class, () -> SuccessRule.parse("200", "/messages/0/status", "0")
                .check(200, "{\"messages\":[{\"status\":\"4\"}]}"));
    }

    @Test
    void pointerWithoutValueNeedsAPresentNonNullField() {
        SuccessRule rule = SuccessRule.parse("200-299", "/id", null);
        assertDoesNotThrow(() -> rule.check(200, "{\"id\":7,\"cnt\":1}"));
        assertEquals("unexpected answer: the SMS gateway's answer does not show the message as sent (success-json-pointer, success-json-value)",
                assertThrows(SmsSendException.class, () -> rule.check(200, "{\"error\":\"x\",\"error_code\":2}")).getMessage());
        assertThrows(SmsSendException.class, () -> rule.check(200, "{\"id\":null}"));
    }

    @Test
    void nonJsonAnswerFailsWhenAPointerIsConfigured() {
        SuccessRule rule = SuccessRule.parse("200", "/status", null);
        assertEquals("unexpected answer: the SMS gateway's answer does not show the message as sent (success-json-pointer, success-json-value)",
                assertThrows(SmsSendException.class, () -> rule.check(200, "<html>OK</html>")).getMessage());
        assertThrows(SmsSendException.class, () -> rule.check(200, ""));
    }

    @Test
    void badConfigIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SuccessRule.parse("2xx", null, null));
        assertThrows(IllegalArgumentException.class, () -> SuccessRule.parse("299-200", null, null));
        assertThrows(IllegalArgumentException.class, () -> SuccessRule.parse("200", "status", null));
        assertThrows(IllegalArgumentException.class, () -> SuccessRule.parse("200", null, "OK"));
    }
}
