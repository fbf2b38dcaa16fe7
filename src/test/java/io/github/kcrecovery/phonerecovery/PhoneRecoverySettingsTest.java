package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.sms.SmsLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class PhoneRecoverySettingsTest {

    @Test
    void defaultsMatchTheIssue() {
        PhoneRecoverySettings settings = PhoneRecoverySettings.of(null);
        assertEquals(6, settings.codeLength());
        assertEquals(Duration.ofSeconds(60), settings.codeLife());
        assertEquals(Duration.ofSeconds(30), settings.resendCooldown());
        assertEquals(5, settings.maxSendsPerRecovery());
        assertEquals(5, settings.maxWrongCodes());
        assertEquals(3, settings.maxDigitMismatches());
        assertEquals(5, settings.smsLimits().perNumberPerHour());
        assertEquals(20, settings.smsLimits().perIpPerHour());
        assertEquals(10, settings.smsLimits().perAccountPerHour());
        assertEquals(500, settings.smsLimits().perRealmPerHour());
        assertEquals(Set.of("RU"), settings.smsLimits().allowedCountries(), "only the default region unless an admin lists more");
        assertEquals("RU", settings.phoneNumbers().defaultRegion());
    }

    @Test
    void unreadableValuesFallBackAndCodeLengthStaysInRange() {
        PhoneRecoverySettings settings = new PhoneRecoverySettings(Map.of(
                PhoneRecoverySettings.CODE_LENGTH, "3", PhoneRecoverySettings.CODE_LIFE, "soon",
                PhoneRecoverySettings.MAX_WRONG_CODES, "-4", PhoneNumbers.REGION_SETTING, "Atlantis"));
        assertEquals(6, settings.codeLength());
        assertEquals(Duration.ofSeconds(60), settings.codeLife());
        assertEquals(1, settings.maxWrongCodes());
        assertEquals("RU", settings.phoneNumbers().defaultRegion());
        assertEquals(10, new PhoneRecoverySettings(Map.of(PhoneRecoverySettings.CODE_LENGTH, "99")).codeLength());
    }

    @Test
    void countryAllowList() {
        PhoneRecoverySettings settings = new PhoneRecoverySettings(Map.of(SmsLimits.ALLOWED_COUNTRIES, " ru, kz ,"));
        assertEquals(Set.of("RU", "KZ"), settings.smsLimits().allowedCountries());
        assertTrue(settings.smsLimits().countryAllowed("+79161234567"));
        assertFalse(settings.smsLimits().countryAllowed("+4915112345678"));
        assertFalse(PhoneRecoverySettings.of(null).smsLimits().countryAllowed("+4915112345678"), "no foreign SMS by default");
        assertTrue(new PhoneRecoverySettings(Map.of(PhoneNumbers.REGION_SETTING, "DE")).smsLimits().countryAllowed("+4915112345678"));
    }
}
