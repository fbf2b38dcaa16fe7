package io.github.kcrecovery.phone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhoneNumbersTest {

    private final PhoneNumbers russian = new PhoneNumbers("RU");

    @ParameterizedTest
    @ValueSource(strings = {"+7 916 123-45-67", "8 (916) 123-45-67", "89161234567", "+79161234567",
            "9161234567", "+7(916)1234567", " 8 916 123 45 67 ", "8\u00a0916\u00a0123\u00a045\u00a067"})
    void normalizesRussianFormatsToE164(String typed) {
        assertEquals(Optional.of("+79161234567"), russian.toE164(typed));
    }

    @Test
    void normalizesInternationalNumbersWhateverTheDefaultRegion() {
        assertEquals(Optional.of("+493012345678"), russian.toE164("+49 30 12345678"));
        assertEquals(Optional.of("+442079460958"), russian.toE164("+44 20 7946 0958"));
        assertEquals(Optional.of("+442079460958"), new PhoneNumbers("GB").toE164("020 7946 0958"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abc", "+7 916 CALL-NOW", "12", "+7 916 123", "8916123456789012345",
            "+79161234567; DROP TABLE", "<script>", "+7\n9161234567", "١٢٣٤٥٦٧٨٩٠", "+0 123 456 7890"})
    void rejectsGarbage(String typed) {
        assertEquals(Optional.empty(), russian.toE164(typed));
    }

    @Test
    void rejectsNullAndHugeInput() {
        assertEquals(Optional.empty(), russian.toE164(null));
        assertEquals(Optional.empty(), russian.toE164("9".repeat(100_000)));
    }

    @Test
    void unknownDefaultRegionIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new PhoneNumbers("XX"));
        assertEquals("RU", new PhoneNumbers(null).defaultRegion());
        assertEquals("DE", new PhoneNumbers(" de ").defaultRegion());
    }

    @Test
    void formatsNumbersForReading() {
        assertEquals("+7 495 123-45-67", PhoneNumbers.formatForReading("+74951234567"));
        assertEquals("+49 30 12345678", PhoneNumbers.formatForReading("+493012345678"));
        assertEquals("not a number", PhoneNumbers.formatForReading("not a number"));
    }

    @Test
    void maskShowsCountryCodeAndOnlyTheLastTwoDigits() {
        assertEquals("+7 ••• •••-••-67", PhoneNumbers.mask("+79161234567"));
    }

    @Test
    void maskOfAForeignNumberHidesAllButTheLastTwoNationalDigits() {
        assertEquals("+49 •• ••••••78", PhoneNumbers.mask("+493012345678"));
    }

    @Test
    void maskRefusesWhatIsNotE164() {
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.mask("89161234567"));
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.mask(null));
    }

    @Test
    void hiddenDigitsAreTheNationalNumberWithoutTheVisibleTail() {
        assertEquals(8, PhoneNumbers.hiddenDigitCount("+79161234567"));
        assertTrue(PhoneNumbers.matchesHiddenDigits("+79161234567", "91612345"));
        assertTrue(PhoneNumbers.matchesHiddenDigits("+79161234567", "916 123-45"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "9161234", "916123456", "91612346", "79161234567", "9161234567", "abc", "00000000"})
    void wrongOrIncompleteDigitsDoNotMatch(String typed) {
        assertFalse(PhoneNumbers.matchesHiddenDigits("+79161234567", typed));
    }

    @Test
    void nullOrHugeTypedDigitsDoNotMatch() {
        assertFalse(PhoneNumbers.matchesHiddenDigits("+79161234567", null));
        assertFalse(PhoneNumbers.matchesHiddenDigits("+79161234567", "9".repeat(10_000)));
    }

    @Test
    void regionOfANumber() {
        assertEquals(Optional.of("RU"), PhoneNumbers.regionOf("+79161234567"));
        assertEquals(Optional.of("DE"), PhoneNumbers.regionOf("+493012345678"));
        assertEquals(Optional.empty(), PhoneNumbers.regionOf("not a number"));
    }

    @Test
    void decoyIsAStableValidNumberOfTheDefaultRegion() {
        byte[] seed = "someone@example.org".getBytes(StandardCharsets.UTF_8);
        String decoy = russian.decoy(seed);
        assertEquals(decoy, russian.decoy(seed), "same identifier, same decoy");
        assertEquals(Optional.of(decoy), russian.toE164(decoy), "a decoy must look like a real number");
        assertEquals(Optional.of("RU"), PhoneNumbers.regionOf(decoy));
        assertNotEquals(decoy, russian.decoy("another@example.org".getBytes(StandardCharsets.UTF_8)));
    }
}
