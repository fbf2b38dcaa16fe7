package io.github.kcrecovery.username;

import io.github.kcrecovery.phone.PhoneNumbers;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForgotUsernameRequestTest {

    private static final PhoneNumbers PHONES = new PhoneNumbers("RU");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    @Test
    void normalizesEmailAndPhone() {
        ForgotUsernameRequest request = ForgotUsernameRequest.parse(" Anna@Demo.Local ", "8 (916) 123-45-67", "2009-03-14", PHONES, TODAY)
                .request().orElseThrow();
        assertEquals(Optional.of("anna@demo.local"), request.email());
        assertEquals(Optional.of("+79161234567"), request.phone());
        assertEquals(LocalDate.of(2009, 3, 14), request.birthdate());
        assertEquals(List.of("anna@demo.local", "+79161234567"), request.identifiers());
    }

    @Test
    void needsAContactAndAPlausibleBirthdate() {
        assertEquals("recoveryUsernameErrorContactMissing", errors("", " ", "2009-03-14").get("email"));
        assertEquals("recoveryUsernameErrorBirthdateMissing", errors("a@b.c", null, "").get("birthdate"));
        for (String bad : List.of("14.03.2009", "2009-02-30", "2027-01-01", "1899-12-31", "x".repeat(5000))) {
            assertEquals("recoveryUsernameErrorBirthdateInvalid", errors("a@b.c", null, bad).get("birthdate"), bad);
        }
    }

    @Test
    void refusesMalformedContacts() {
        for (String bad : List.of("anna", "@demo.local", "a@", "a@@b", "a b@c.d", "x".repeat(300) + "@d.e")) {
            assertEquals("recoveryUsernameErrorEmailInvalid", errors(bad, null, "2009-03-14").get("email"), bad);
        }
        for (String bad : List.of("12", "call me", "+7916123456789012345", "9".repeat(1000))) {
            assertEquals("recoveryUsernameErrorPhoneInvalid", errors(null, bad, "2009-03-14").get("phone"), bad);
        }
        assertTrue(errors("a@b.c", null, "2009-03-14").isEmpty());
    }

    private static java.util.Map<String, String> errors(String email, String phone, String date) {
        return ForgotUsernameRequest.parse(email, phone, date, PHONES, TODAY).errors();
    }
}
