package io.github.kcrecovery.code;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class OneTimeCodesTest {

    private final Map<String, String> map = new HashMap<>();
    private final OneTimeCodes codes = new OneTimeCodes(new MapNotes(map), "test");

    @AfterEach
    void resetClock() {
        Time.setOffset(0);
    }

    @Test
    void generatesDigitsOfTheRequestedLength() {
        String code = OneTimeCodes.generate(8, new SecureRandom());
        assertTrue(code.matches("[0-9]{8}"), code);
        assertEquals(6, codes.issue(3, Duration.ofSeconds(60)).length(), "never shorter than 6");
    }

    @Test
    void storesOnlyASaltedHash() {
        String code = codes.issue(6, Duration.ofSeconds(60));
        assertFalse(map.containsValue(code));
        assertTrue(map.values().stream().noneMatch(v -> v.contains(code)));
        assertNotEquals(OneTimeCodes.hash(code, new byte[16]), OneTimeCodes.hash(code, new byte[]{1}), "the salt changes the hash");
    }

    @Test
    void rightCodeWorksOnce() {
        String code = codes.issue(6, Duration.ofSeconds(60));
        assertEquals(OneTimeCodes.Result.VALID, codes.verify(code, 5));
        assertEquals(OneTimeCodes.Result.INVALID, codes.verify(code, 5));
        assertFalse(codes.hasLiveCode());
    }

    @Test
    void expiredCodeIsRejected() {
        String code = codes.issue(6, Duration.ofSeconds(60));
        Time.setOffset(61);
        assertFalse(codes.hasLiveCode());
        assertEquals(OneTimeCodes.Result.EXPIRED, codes.verify(code, 5));
        assertEquals(OneTimeCodes.Result.INVALID, codes.verify(code, 5));
    }

    @Test
    void afterTheFailureLimitEvenTheRightCodeFails() {
        String code = codes.issue(6, Duration.ofSeconds(60));
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            assertEquals(OneTimeCodes.Result.INVALID, codes.verify(wrong, 5));
        }
        assertEquals(OneTimeCodes.Result.INVALID, codes.verify(code, 5));
    }

    @Test
    void aNewCodeDoesNotResetTheFailureCount() {
        codes.issue(6, Duration.ofSeconds(60));
        for (int i = 0; i < 5; i++) {
            codes.verify("abc", 5);
        }
        String fresh = codes.issue(6, Duration.ofSeconds(60));
        assertEquals(5, codes.failures());
        assertEquals(OneTimeCodes.Result.INVALID, codes.verify(fresh, 5));
    }

    @Test
    void noCodeAndJunkInputAreInvalid() {
        assertEquals(OneTimeCodes.Result.INVALID, codes.verify("123456", 5));
        codes.issue(6, Duration.ofSeconds(60));
        assertEquals(OneTimeCodes.Result.INVALID, codes.verify(null, 5));
        assertEquals(OneTimeCodes.Result.INVALID, codes.verify("9".repeat(10_000), 5));
        assertEquals(3, codes.failures());
    }

    /** Issue 10, item 1: a code sent to one number proves that number only. */
    @Test
    void aCodeBoundToOneDestinationProvesNoOther() {
        String code = codes.issue(6, Duration.ofSeconds(60), "+79160000001");
        assertEquals(OneTimeCodes.Result.INVALID, codes.verify(code, 5, "+79160000002"));
        assertEquals(OneTimeCodes.Result.INVALID, codes.verify(code, 5), "nor is it an unbound code");
        assertEquals(OneTimeCodes.Result.VALID, codes.verify(code, 5, "+79160000001"));
    }

    /** Issue 14: "336 443" and "336-443" are the code 336443. */
    @Test
    void spacesAndDashesBetweenTheDigitsAreIgnored() {
        String code = codes.issue(6, Duration.ofSeconds(60));
        assertEquals(OneTimeCodes.Result.VALID, codes.verify(" " + code.substring(0, 3) + " " + code.substring(3) + " ", 5));
        String next = codes.issue(6, Duration.ofSeconds(60));
        assertEquals(OneTimeCodes.Result.VALID, codes.verify(next.substring(0, 3) + "\u2013" + next.substring(3), 5));
        String bound = codes.issue(6, Duration.ofSeconds(60), "+79160000001");
        assertEquals(OneTimeCodes.Result.VALID, codes.verify(bound.substring(0, 2) + "-" + bound.substring(2), 5, "+79160000001"));
    }

    /** Issue 14: an older code after a resend is told apart, counts as a failure, and never opens anything. */
    @Test
    void aReplacedCodeIsToldApartAndCountsAsAFailure() {
        String first = codes.issue(6, Duration.ofSeconds(60));
        String second = codes.issue(6, Duration.ofSeconds(60));
        if (!first.equals(second)) {
            assertEquals(OneTimeCodes.Result.SUPERSEDED, codes.verify(first, 5));
            assertEquals(1, codes.failures());
        }
        assertEquals(OneTimeCodes.Result.VALID, codes.verify(second, 5));
        assertEquals(OneTimeCodes.Result.INVALID, codes.verify(first, 5), "a used code forgets the replaced ones");
    }

    @Test
    void replacedCodesAreStoredOnlyAsSaltedHashes() {
        String first = codes.issue(6, Duration.ofSeconds(60));
        codes.issue(6, Duration.ofSeconds(60));
        assertTrue(map.values().stream().noneMatch(v -> v.contains(first)));
    }

    private record MapNotes(Map<String, String> map) implements OneTimeCodes.Notes {
        public String get(String name) {
            return map.get(name);
        }

        public void set(String name, String value) {
            map.put(name, value);
        }

        public void remove(String name) {
            map.remove(name);
        }
    }
}
