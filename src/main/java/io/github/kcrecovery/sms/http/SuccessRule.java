package io.github.kcrecovery.sms.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.sms.SmsSendException;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;

/**
 * When an answer counts as "sent": a status in range and, for gateways that answer errors with 200 (SMS.ru,
 * SMSC.ru), a JSON field that is present or has an expected value. Failure reasons never quote the answer: it
 * may echo the number or the text.
 *
 * @param jsonPointer null when only the status is checked
 * @param expectedValue null when the field only has to be present and not null; compared with the field's text,
 *                      so {@code true}, {@code 0} and {@code "0"} match the same way as written in the config
 */
public record SuccessRule(int minStatus, int maxStatus, JsonPointer jsonPointer, String expectedValue) {

    /**
     * @param status {@code 201} or a range such as {@code 200-299}
     * @param pointer a JSON Pointer such as {@code /messages/0/status}, or null
     */
    public static SuccessRule parse(String status, String pointer, String expectedValue) {
        int min;
        int max;
        try {
            int dash = status.indexOf('-');
            min = Integer.parseInt(status.substring(0, dash < 0 ? status.length() : dash).trim());
            max = dash < 0 ? min : Integer.parseInt(status.substring(dash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("success-status must be a status like 201 or a range like 200-299");
        }
        if (min < 100 || max > 599 || min > max) {
            throw new IllegalArgumentException("success-status must lie within 100-599, lowest first");
        }
        if (pointer == null && expectedValue != null) {
            throw new IllegalArgumentException("success-json-value needs success-json-pointer");
        }
        try {
            return new SuccessRule(min, max, pointer == null ? null : JsonPointer.compile(pointer), expectedValue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("success-json-pointer is not a JSON Pointer (it starts with /, e.g. /status)");
        }
    }

    /**
     * The failure names the status class (4xx) and "unexpected answer", never the status code, the field or its
     * value: a realm admin could otherwise read an internal service's answer through the test SMS.
     */
    public void check(int status, String body) throws SmsSendException {
        if (status < minStatus || status > maxStatus) {
            throw new SmsSendException(SmsSendException.Failure.HTTP_STATUS, "SMS gateway answered with an HTTP "
                    + status / 100 + "xx status, expected " + statusRange());
        }
        if (jsonPointer == null) {
            return;
        }
        JsonNode field;
        try {
            field = JsonSerialization.mapper.readTree(body).at(jsonPointer);
        } catch (IOException e) {
            throw unexpected();
        }
        if (field.isMissingNode() || field.isNull()
                || (expectedValue != null && !(field.isValueNode() && expectedValue.equals(field.asText())))) {
            throw unexpected();
        }
    }

    private static SmsSendException unexpected() {
        return new SmsSendException(SmsSendException.Failure.UNEXPECTED_ANSWER,
                "the SMS gateway's answer does not show the message as sent (success-json-pointer, success-json-value)");
    }

    private String statusRange() {
        return minStatus == maxStatus ? String.valueOf(minStatus) : minStatus + "-" + maxStatus;
    }
}
