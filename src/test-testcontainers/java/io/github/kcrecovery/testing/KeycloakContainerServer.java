package io.github.kcrecovery.testing;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test server in Docker (quay.io/keycloak/keycloak), for {@code -Ptestcontainers -Dit.keycloak=testcontainers}.
 * The mail sink and SMS stub stay on the host and are reached through {@code host.testcontainers.internal}.
 * Created reflectively by {@link TestEnvironment}; Testcontainers removes the container when the JVM exits.
 */
final class KeycloakContainerServer implements KeycloakServer {

    private static final String HOST = "host.testcontainers.internal";

    private final KeycloakContainer container;
    private final Path logFile;

    KeycloakContainerServer(Settings settings, MailSink mail, SmsGatewayStub sms) throws IOException {
        int smsPort = URI.create(sms.baseUrl()).getPort();
        Testcontainers.exposeHostPorts(mail.port(), smsPort);
        logFile = Files.createDirectories(settings.outputDir()).resolve("keycloak-container.log");
        System.out.println("Keycloak server log: " + logFile);

        container = new KeycloakContainer("quay.io/keycloak/keycloak:" + System.getProperty("keycloak.version"))
                .withAdminUsername(ServerOptions.ADMIN_USERNAME)
                .withAdminPassword(ServerOptions.ADMIN_PASSWORD)
                .withProviderLibsFrom(List.of(settings.providerJar().toFile()))
                .withEnv(ServerOptions.environment(HOST, mail.port()))
                .withLogConsumer(this::append);
        try (Stream<Path> realms = Files.list(settings.realmConfigDir())) {
            realms.filter(p -> p.toString().endsWith(".json")).forEach(realm -> container.withCopyFileToContainer(
                    MountableFile.forHostPath(realm), "/opt/keycloak/data/import/" + realm.getFileName()));
        }
        // KeycloakContainer itself adds start-dev, --import-realm and the ports
        ServerOptions.arguments("http://" + HOST + ":" + smsPort).stream()
                .filter(option -> !option.equals("start-dev") && !option.equals("--import-realm"))
                .forEach(container::withCustomCommand);
        container.start();
    }

    @Override
    public String baseUrl() {
        String url = container.getAuthServerUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    private void append(OutputFrame frame) {
        try {
            Files.writeString(logFile, frame.getUtf8String(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
