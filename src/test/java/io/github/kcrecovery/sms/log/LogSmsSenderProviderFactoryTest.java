package io.github.kcrecovery.sms.log;

import io.github.kcrecovery.sms.MapScope;
import io.github.kcrecovery.sms.SmsSendException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The test JVM is not a dev-mode server: {@code kc.profile} is unset. */
class LogSmsSenderProviderFactoryTest {

    @Test
    void refusesByDefaultOutsideDevMode() {
        LogSmsSenderProviderFactory factory = new LogSmsSenderProviderFactory();
        factory.init(new MapScope(Map.of()));

        assertThrows(SmsSendException.class, () -> factory.create(null).send("+79161234567", "x"));
    }

    @Test
    void allowInProductionEnablesIt() {
        LogSmsSenderProviderFactory factory = new LogSmsSenderProviderFactory();
        factory.init(new MapScope(Map.of("allow-in-production", "true")));

        assertDoesNotThrow(() -> factory.create(null).send("+79161234567", "x"));
    }
}
