package io.github.kcrecovery.testing;

import java.nio.file.Path;
import java.util.Optional;

/** The one Keycloak server the integration tests of a test JVM talk to. It stops when the JVM exits. */
public interface KeycloakServer {

    /** Where the server answers, without a trailing slash, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl();

    /** The server's console output; printed when a test fails. */
    Path logFile();

    /** The server's JVM when it runs on this machine (for jcmd and /proc figures), else empty. */
    default Optional<ProcessHandle> jvm() {
        return Optional.empty();
    }
}
