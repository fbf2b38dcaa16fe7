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
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
        EXPIRED,
        /** A code of this session that a newer one replaced; it counts as a failure like a wrong code. */
        SUPERSEDED
    }

    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 10;
    /** Longer input is no code; refused before hashing. */
    private static final int MAX_INPUT_LENGTH = 32;
    /** Replaced codes remembered, only to tell the person to use the newest one (more sends than this are refused). */
    private static final int MAX_REPLACED = 10;
    /** Spaces and dashes people type to group digits ("336 443", "336-443"). */
    private static final String GROUPING = "[\\s\\p{Pd}]";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Notes notes;
    private final String hashNote;
    private final String saltNote;
    private final String expiryNote;
    private final String failuresNote;
    private final String replacedNote;

    /** @param purpose separates codes of different steps in one session, e.g. {@code kcrecovery.sms} */
    public OneTimeCodes(Notes notes, String purpose) {
        this.notes = notes;
        this.hashNote = purpose + ".codeHash";
        this.saltNote = purpose + ".codeSalt";
        this.expiryNote = purpose + ".codeExpiry";
        this.failuresNote = purpose + ".codeFailures";
        this.replacedNote = purpose + ".replacedCodes";
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
        rememberReplaced();
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        notes.set(saltNote, Base64.getEncoder().encodeToString(salt));
        notes.set(hashNote, hash(bound(code, destination), salt));
        notes.set(expiryNote, Long.toString(Time.currentTime() + Math.max(1, life.toSeconds())));
        return code;
    }

    /**
     * Checks a typed code; spaces and dashes between the digits are ignored. Every non-valid answer counts as a
     * failure; once {@code maxFailures} are reached even the right code is {@link Result#INVALID}.
     */
    public Result verify(String typed, int maxFailures) {
        return verify(typed, maxFailures, null);
    }

    /** Checks a typed code issued for {@code destination}; a code of another destination is a wrong code. */
    public Result verify(String typed, int maxFailures, String destination) {
        String storedHash = notes.get(hashNote);
        String salt = notes.get(saltNote);
        boolean locked = failures() >= maxFailures;
        String code = typed == null || typed.length() > MAX_INPUT_LENGTH ? null : bound(typed.replaceAll(GROUPING, ""), destination);
        if (code != null && !locked && matches(code, salt, storedHash)) {
            discard();
            return isExpired() ? Result.EXPIRED : Result.VALID;
        }
        notes.set(failuresNote, Integer.toString(failures() + 1));
        boolean replaced = code != null && !locked && replaced().anyMatch(entry -> matches(code, entry[0], entry[1]));
        return replaced ? Result.SUPERSEDED : Result.INVALID;
    }

    private static boolean matches(String code, String salt, String storedHash) {
        return salt != null && storedHash != null && MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                hash(code, Base64.getDecoder().decode(salt)).getBytes(StandardCharsets.US_ASCII));
    }

    /** Salt and hash of each replaced code, newest first. */
    private Stream<String[]> replaced() {
        String value = notes.get(replacedNote);
        return value == null ? Stream.empty()
                : Arrays.stream(value.split(" ")).map(entry -> entry.split(":", 2)).filter(entry -> entry.length == 2);
    }

    private void rememberReplaced() {
        String hash = notes.get(hashNote);
        String salt = notes.get(saltNote);
        if (hash == null || salt == null) {
            return;
        }
        String older = replaced().limit(MAX_REPLACED - 1).map(entry -> entry[0] + ":" + entry[1]).collect(Collectors.joining(" "));
        notes.set(replacedNote, older.isEmpty() ? salt + ":" + hash : salt + ":" + hash + " " + older);
    }

    public int failures() {
        String value = notes.get(failuresNote);
        return value == null ? 0 : Integer.parseInt(value);
    }

    /** Whether a code was issued and is neither used nor expired. */
    public boolean hasLiveCode() {
        return notes.get(hashNote) != null && !isExpired();
    }

    /** Forgets the current code and the replaced ones (not the failure count). */
    public void discard() {
        notes.remove(hashNote);
        notes.remove(saltNote);
        notes.remove(replacedNote);
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
