package io.github.kcrecovery.captcha;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.testing.AdminClient;
import org.altcha.altcha.Altcha;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a client without JavaScript sends to pass the captcha of a page, as a person's browser would: the
 * proof-of-work solved here in Java (the widget's work), or in site-verify mode a token that
 * {@link CaptchaVerifyStub} passes. Nothing for a page without captcha; the picture is never readable.
 */
public final class CaptchaAnswers {

    private CaptchaAnswers() {
    }

    public static Map<String, String> forPage(Document page) {
        Element widget = page.selectFirst("altcha-widget");
        if (widget != null) {
            return Map.of(widget.attr("name"), solve(widget.attr("challenge")));
        }
        if (page.selectFirst(".cf-turnstile") != null) {
            return Map.of(CaptchaVerifyStub.RESPONSE_FIELD, CaptchaVerifyStub.passToken());
        }
        return Map.of();
    }

    /** The widget's answer to an ALTCHA challenge: base64 JSON with the number found by brute force. */
    public static String solve(String challengeJson) {
        try {
            JsonNode challenge = AdminClient.JSON.readTree(challengeJson);
            Altcha.Solution solution = Altcha.solveChallenge(challenge.path("challenge").asText(),
                    challenge.path("salt").asText(), Altcha.Algorithm.SHA256, challenge.path("maxnumber").asLong(), 0);
            if (solution == null) {
                throw new AssertionError("no solution for " + challengeJson);
            }
            return payload(challenge, solution.number);
        } catch (Exception e) {
            throw new AssertionError("solving " + challengeJson, e);
        }
    }

    /** A payload for the challenge with any number, right or not (forgeries start here). */
    public static String payload(JsonNode challenge, long number) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("algorithm", challenge.path("algorithm").asText());
        payload.put("challenge", challenge.path("challenge").asText());
        payload.put("number", number);
        payload.put("salt", challenge.path("salt").asText());
        payload.put("signature", challenge.path("signature").asText());
        try {
            return Base64.getEncoder().encodeToString(AdminClient.JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
