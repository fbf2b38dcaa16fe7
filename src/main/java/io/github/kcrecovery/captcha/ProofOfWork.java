package io.github.kcrecovery.captcha;

import com.fasterxml.jackson.databind.JsonNode;
import org.altcha.altcha.Altcha;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ALTCHA proof-of-work challenges (the {@code org.altcha:altcha} library, challenge format v1, SHA-256): the
 * browser finds the secret number behind a hash, the server checks the answer against its own signature.
 * Challenges are signed with a key derived from the realm's HMAC key, so every node of a cluster issues and
 * accepts the same ones and no realm accepts another realm's; the expiry travels inside the signed salt.
 */
final class ProofOfWork {

    /** The form field the widget fills with the base64 solution. */
    static final String FIELD = "altcha";
    private static final String ALGORITHM = "SHA-256";
    private static final int MAX_PAYLOAD_LENGTH = 4096;
    private static final byte[] KEY_PURPOSE = "kcrecovery.captcha.altcha".getBytes(StandardCharsets.UTF_8);

    private final String hmacKey;

    ProofOfWork(String hmacKey) {
        this.hmacKey = hmacKey;
    }

    /** Signs with a key derived from the realm's active HS512 key, never with that key itself. */
    static ProofOfWork forRealm(KeycloakSession session, RealmModel realm) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        if (key == null || key.getSecretKey() == null) {
            throw new IllegalStateException("the captcha needs an active HS512 key in realm " + realm.getName());
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getSecretKey().getEncoded(), "HmacSHA256"));
            return new ProofOfWork(HexFormat.of().formatHex(mac.doFinal(KEY_PURPOSE)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new challenge as the JSON the widget reads from its {@code challenge} attribute. */
    String challengeJson(long difficulty, Duration life) {
        try {
            Altcha.Challenge challenge = Altcha.createChallenge(new Altcha.ChallengeOptions()
                    .setAlgorithm(Altcha.Algorithm.SHA256)
                    .setMaxNumber(difficulty)
                    .setSecureRandomNumber(true)
                    .setExpiresInSeconds(life.toSeconds())
                    .setHmacKey(hmacKey));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("algorithm", challenge.algorithm);
            json.put("challenge", challenge.challenge);
            json.put("maxnumber", challenge.maxnumber);
            json.put("salt", challenge.salt);
            json.put("signature", challenge.signature);
            return JsonSerialization.writeValueAsString(json);
        } catch (Exception e) {
            throw new IllegalStateException("creating a captcha challenge", e);
        }
    }

    /** A right answer: the challenge's signature (unique per challenge) and when it expires (epoch seconds). */
    record Solved(String signature, long expiresAt) {
    }

    /**
     * The challenge this payload solves, when it is a right, unexpired answer to a challenge this realm signed;
     * empty for anything else. Says nothing about reuse: the caller records the solved challenge.
     */
    Optional<Solved> verify(String base64Payload) {
        if (base64Payload == null || base64Payload.isBlank() || base64Payload.length() > MAX_PAYLOAD_LENGTH) {
            return Optional.empty();
        }
        try {
            JsonNode json = JsonSerialization.readValue(Base64.getDecoder().decode(base64Payload.trim()), JsonNode.class);
            Altcha.Payload payload = new Altcha.Payload();
            payload.algorithm = json.path("algorithm").asText("");
            payload.challenge = json.path("challenge").asText("");
            payload.number = json.path("number").canConvertToLong() ? json.path("number").asLong() : null;
            payload.salt = json.path("salt").asText("");
            payload.signature = json.path("signature").asText("");
            String expires = Altcha.extractParams(payload.salt).get("expires");
            if (!ALGORITHM.equals(payload.algorithm) || expires == null || !expires.matches("[0-9]{1,12}")) {
                return Optional.empty();
            }
            return Altcha.verifySolution(payload, hmacKey, true)
                    ? Optional.of(new Solved(payload.signature, Long.parseLong(expires))) : Optional.empty();
        } catch (Exception e) {
            // not base64, not JSON, not a payload: simply not a solution
            return Optional.empty();
        }
    }
}
