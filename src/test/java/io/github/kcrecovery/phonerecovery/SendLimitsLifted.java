package io.github.kcrecovery.phonerecovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.sms.SmsLimits;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashMap;
import java.util.Map;

import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.restoreConfig;
import static io.github.kcrecovery.phonerecovery.PhoneRecoveryDriver.setConfig;

/**
 * Lifts the SMS-code step's hourly send limits per IP, per realm and per number for one test class and puts the step's
 * config back after it: every IT reaches the server from 127.0.0.1 and shares those limits. Register it on a static
 * field with {@code @RegisterExtension}; it runs before the class's own {@code @BeforeAll} methods.
 */
final class SendLimitsLifted implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> values = new HashMap<>(Map.of(
            SmsLimits.MAX_SENDS_PER_IP, "100000",
            SmsLimits.MAX_SENDS_PER_REALM, "100000",
            SmsLimits.MAX_SENDS_PER_NUMBER, "100"));
    private AdminClient admin;
    private JsonNode before;

    private SendLimitsLifted() {
    }

    static SendLimitsLifted lifted() {
        return new SendLimitsLifted();
    }

    /** Also no resend cooldown, for tests that resend at once. */
    static SendLimitsLifted liftedWithoutResendCooldown() {
        SendLimitsLifted limits = new SendLimitsLifted();
        limits.values.put(PhoneRecoverySettings.RESEND_COOLDOWN, "0");
        return limits;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        admin = TestEnvironment.get().admin();
        before = setConfig(admin, RecoverySmsCodeFactory.PROVIDER_ID, values);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        restoreConfig(admin, before);
    }
}
