package io.github.kcrecovery.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the pom passes as system properties (failsafe for the tests, exec for the demo): the Keycloak version and
 * its unpacked distribution, the older served versions and theirs (for the smoke suites), the jar, the realms.
 */
record Settings(String keycloakVersion, Path distDir, Path providerJar, Path realmConfigDir, Path outputDir,
                Optional<String> javaHome) {

    static Settings fromSystemProperties() {
        return of(System.getProperty("keycloak.version", "unknown"), path("keycloak.dist.dir"));
    }

    /** An older served version: {@code line} names the pom properties, e.g. {@code 264} for {@code keycloak.264.version}. */
    static Settings servedVersion(String line) {
        return of(System.getProperty("keycloak." + line + ".version", "unknown"), path("keycloak." + line + ".dist.dir"));
    }

    private static Settings of(String keycloakVersion, Path distDir) {
        Settings settings = new Settings(
                keycloakVersion,
                distDir,
                path("provider.jar"),
                path("realm.config.dir"),
                path("test.output.dir"),
                Optional.ofNullable(System.getProperty("keycloak.java.home")).filter(s -> !s.isBlank()));
        if (!Files.isRegularFile(settings.providerJar()) || !Files.isDirectory(settings.distDir())) {
            throw new IllegalStateException("Missing " + settings.providerJar() + " or " + settings.distDir()
                    + ": run through Maven (mvn verify), which builds the jar and unpacks the distribution first");
        }
        return settings;
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run through Maven (mvn verify)");
        }
        return Path.of(value).toAbsolutePath();
    }
}
