package io.github.kcrecovery.sms.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTemplateTest {

    private static final String NASTY = "Код: 123456 \"q\" \\ back\nline\ttab 😀 a&b=c+d 100% {password}";

    @Test
    void jsonValuesAreStringEscapedAndRoundTrip() throws Exception {
        String json = MessageTemplate.parse("{\"to\":\"{phone}\",\"text\":\"{text}\"}")
                .render(Map.of("phone", "+79161234567", "text", NASTY), Escaping.JSON);

        assertEquals("{\"to\":\"+79161234567\",\"text\":\"Код: 123456 \\\"q\\\" \\\\ back\\nline\\ttab 😀 a&b=c+d 100% {password}\"}", json);
        JsonNode parsed = JsonSerialization.mapper.readTree(json);
        assertEquals(NASTY, parsed.get("text").asText());
    }

    @Test
    void jsonEscapesControlCharacters() {
        assertEquals("\\u0001\\r", Escaping.JSON.escape("\u0001\r"));
    }

    @Test
    void urlValuesArePercentEncodedWithSpaceAsPercent20() {
        String url = MessageTemplate.parse("https://gw.example/send?to={phone}&msg={text}")
                .render(Map.of("phone", "+79161234567", "text", "a&b=c+d 100% Код"), Escaping.URL);

        assertEquals("https://gw.example/send?to=%2B79161234567&msg=a%26b%3Dc%2Bd%20100%25%20%D0%9A%D0%BE%D0%B4", url);
        assertEquals("a&b=c+d 100% Код", URI.create(url).getQuery().replaceFirst(".*msg=", ""));
    }

    @Test
    void formValuesAreFormEncoded() {
        String form = MessageTemplate.parse("To={phone}&Body={text}")
                .render(Map.of("phone", "+79161234567", "text", NASTY), Escaping.FORM);

        assertTrue(form.startsWith("To=%2B79161234567&Body=%D0%9A%D0%BE%D0%B4%3A+123456+%22q%22+%5C+back%0Aline%09tab"), form);
        assertEquals(NASTY, URLDecoder.decode(form.substring(form.indexOf("Body=") + 5), StandardCharsets.UTF_8));
    }

    @Test
    void placeholderInsideAValueIsNotExpanded() {
        String out = MessageTemplate.parse("{text}|{password}")
                .render(Map.of("text", "{password}", "password", "secret"), Escaping.JSON);

        assertEquals("{password}|secret", out);
    }

    @Test
    void bracesThatAreNotPlaceholdersStayLiteral() {
        MessageTemplate template = MessageTemplate.parse("{\"messages\":[{\"to\":\"{phone}\"}], \"x\": {}, \"y\": \"{ text}\"}");

        assertEquals("{\"messages\":[{\"to\":\"79\"}], \"x\": {}, \"y\": \"{ text}\"}",
                template.render(Map.of("phone", "79"), Escaping.JSON));
        assertTrue(template.uses("phone"));
        assertFalse(template.uses("text"));
    }

    @Test
    void unknownPlaceholderIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageTemplate.parse("https://api.twilio.com/2010-04-01/Accounts/{Sid}/Messages.json"));
        assertTrue(e.getMessage().contains("{Sid}"), e.getMessage());
    }

    @Test
    void missingValueRendersEmpty() {
        assertEquals("from=&to=1", MessageTemplate.parse("from={from}&to={phone}").render(Map.of("phone", "1"), Escaping.FORM));
    }
}
