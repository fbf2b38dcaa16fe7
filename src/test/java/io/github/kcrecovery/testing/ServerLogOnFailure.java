package io.github.kcrecovery.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints where the Keycloak log is, and its tail, when a test fails. Registered for every test through
 * {@code META-INF/services} and {@code junit.jupiter.extensions.autodetection.enabled} in junit-platform.properties.
 */
public final class ServerLogOnFailure implements TestWatcher {

    private static final int TAIL_LINES = 80;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        TestEnvironment.started().ifPresent(env -> {
            var log = env.keycloak().logFile();
            System.out.printf("%n%s failed. Keycloak server log: %s%n--- last %d lines ---%n%s%n---%n",
                    context.getRequiredTestClass().getSimpleName() + " " + context.getDisplayName(), log, TAIL_LINES, Logs.tail(log, TAIL_LINES));
        });
    }
}
