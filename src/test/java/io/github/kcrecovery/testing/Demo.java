package io.github.kcrecovery.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./demo.sh}: the integration-test environment for a person. Keycloak (port 8080 if free) with the extension
 * and the realm files, a mail sink and an SMS gateway stub whose traffic the outbox page (port 8025 if free) shows.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        TestEnvironment env = new TestEnvironment(8080, settings);
        OutboxServer outbox = new OutboxServer(Ports.preferred(8025), env.mail(), env.sms());
        Runtime.getRuntime().addShutdownHook(new Thread(outbox::close, "outbox-shutdown"));

        String keycloak = "http://localhost:" + URI.create(env.keycloak().baseUrl()).getPort();
        System.out.printf("""

                Keycloak recovery demo is running. Stop it with Ctrl-C.

                  Account console (demo realm): %s/realms/demo/account
                  Admin console:                %s/admin  (admin / admin)
                  Outbox (sent mail and SMS):   %s
                  Server log:                   %s

                Demo accounts (from %s):
                """, keycloak, keycloak, outbox.url(), env.keycloak().logFile(), settings.realmConfigDir());
        System.out.printf("  %-8s %-16s %-28s %-16s %s%n", "realm", "username", "email", "phone", "password");
        for (JsonNode realm : realms(settings.realmConfigDir())) {
            for (JsonNode user : realm.path("users")) {
                System.out.printf("  %-8s %-16s %-28s %-16s %s%n", realm.path("realm").asText(),
                        user.path("username").asText(), user.path("email").asText("-"),
                        user.path("attributes").path("phoneNumber").path(0).asText("-"), password(user));
            }
        }
        System.out.println();
        Thread.currentThread().join();
    }

    private static List<JsonNode> realms(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().map(Demo::read).toList();
        }
    }

    private static JsonNode read(Path file) {
        try {
            return AdminClient.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static String password(JsonNode user) {
        for (JsonNode credential : user.path("credentials")) {
            if ("password".equals(credential.path("type").asText())) {
                return credential.path("value").asText("-");
            }
        }
        return "-";
    }
}
