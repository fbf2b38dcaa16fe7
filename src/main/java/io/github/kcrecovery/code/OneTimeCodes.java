package io.github.kcrecovery.code;

import org.keycloak.common.util.Time;
import org.keycloak.sessions.AuthenticationSessionModel;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * The one one-time-code store. A code lives in the notes of one authentication session (so it is bound to
 * that browser tab and shared by all cluster nodes), only as an HMAC-SHA256 under a fresh random salt, with
 * an expiry and a failure count. Codes are single use; issuing a new code keeps the failure count, so
 * asking for new codes never buys more guesses.
 */
public final class OneTimeCodes {

    /** Where the notes live; an auth session in production, a map in unit tests. */
    public interface Notes {
        String get(String name);

        void set(String name, String value);

        void remove(String name);

        static Notes of(AuthenticationSessionModel authSession) {
            return new Notes() {
                @Override
                public String get(String name) {
                    return authSession.getAuthNote(name);
                }

                @Override
                public void set(String name, String value) {
                    authSession.setAuthNote(name, value);
                }

                @Override
                public void remove(String name) {
                    authSession.removeAuthNote(name);
                }
            };
        }
    }

    public enum Result {
        /** The code matched; it is used up now. */
        VALID,
        /** Wrong code, no live code, or the failure limit is reached. */
        INVALID,
        /** The right code, too late (it is used up too). */
        EXPIRED
    }

    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 10;
    /** Longer input is no code; refused before hashing. */
    private static final int MAX_INPUT_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Notes notes;
    private final String hashNote;
    private final String saltNote;
    private final String expiryNote;
    private final String failuresNote;

    /** @param purpose separates codes of different steps in one session, e.g. {@code kcrecovery.sms} */
    public OneTimeCodes(Notes notes, String purpose) {
        this.notes = notes;
        this.hashNote = purpose + ".codeHash";
        this.saltNote = purpose + ".codeSalt";
        this.expiryNote = purpose + ".codeExpiry";
        this.failuresNote = purpose + ".codeFailures";
    }

    /** Makes a new code (replacing any previous one) and returns it in clear text, to be sent and forgotten. */
    public String issue(int length, Duration life) {
        return issue(length, life, null);
    }

    /**
     * Like {@link #issue(int, Duration)}, for a code that proves one destination: the destination is hashed with the
     * code, so only {@link #verify(String, int, String)} with the same destination accepts it.
     */
    public String issue(int length, Duration life, String destination) {
        String code = generate(Math.max(MIN_LENGTH, Math.min(MAX_LENGTH, length)), RANDOM);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        notes.set(saltNote, Base64.getEncoder().encodeToString(salt));
        notes.set(hashNote, hash(bound(code, destination), salt));
        notes.set(expiryNote, Long.toString(Time.currentTime() + Math.max(1, life.toSeconds())));
        return code;
    }

    /**
     * Checks a typed code. Every non-valid answer counts as a failure; once {@code maxFailures} are reached
     * even the right code is {@link Result#INVALID}.
     */
    public Result verify(String typed, int maxFailures) {
        return verify(typed, maxFailures, null);
    }

    /** Checks a typed code issued for {@code destination}; a code of another destination is a wrong code. */
    public Result verify(String typed, int maxFailures, String destination) {
        String storedHash = notes.get(hashNote);
        String salt = notes.get(saltNote);
        boolean locked = failures() >= maxFailures;
        boolean matches = storedHash != null && salt != null && typed != null && typed.length() <= MAX_INPUT_LENGTH
                && MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                        hash(bound(typed.trim(), destination), Base64.getDecoder().decode(salt)).getBytes(StandardCharsets.US_ASCII));
        if (matches && !locked) {
            discard();
            return isExpired() ? Result.EXPIRED : Result.VALID;
        }
        notes.set(failuresNote, Integer.toString(failures() + 1));
        return Result.INVALID;
    }

    public int failures() {
        String value = notes.get(failuresNote);
        return value == null ? 0 : Integer.parseInt(value);
    }

    /** Whether a code was issued and is neither used nor expired. */
    public boolean hasLiveCode() {
        return notes.get(hashNote) != null && !isExpired();
    }

    /** Forgets the current code (not the failure count). */
    public void discard() {
        notes.remove(hashNote);
        notes.remove(saltNote);
        // the expiry stays so a late right code can still be told apart as "expired"
    }

    private boolean isExpired() {
        String expiry = notes.get(expiryNote);
        return expiry == null || Time.currentTime() > Long.parseLong(expiry);
    }

    private static String bound(String code, String destination) {
        return destination == null ? code : code + '\u0000' + destination;
    }

    static String generate(int length, SecureRandom random) {
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        return code.toString();
    }

    static String hash(String code, byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(code.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
