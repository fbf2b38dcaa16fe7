package io.github.kcrecovery.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keycloak from the official distribution zip (unpacked by the pom), run with {@code bin/kc.sh start-dev} in a
 * fresh copy under {@code target/it-output}, with the provider jar in {@code providers/} and the realm files in
 * {@code data/import/}.
 */
final class DistKeycloakServer implements KeycloakServer {

    // about 40 s on an idle 2-core machine, over 240 s while other builds share it; -Dkeycloak.start.timeout=PT20M
    private static final Duration START_TIMEOUT = Duration.parse(System.getProperty("keycloak.start.timeout", "PT8M"));

    private final Path home;
    private final Path logFile;
    private final String baseUrl;
    private final Process process;

    /**
     * @param settings where the distribution, jar and realm files are
     * @param httpPort the port to listen on
     * @param environment and {@code arguments}: see {@link ServerOptions}
     */
    DistKeycloakServer(Settings settings, int httpPort, Map<String, String> environment, List<String> arguments) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        home = settings.outputDir().resolve("keycloak-" + stamp);
        logFile = settings.outputDir().resolve("keycloak-" + stamp + ".log");
        baseUrl = "http://127.0.0.1:" + httpPort;
        try {
            copyTree(settings.distDir(), home);
            Files.copy(settings.providerJar(), home.resolve("providers").resolve(settings.providerJar().getFileName()));
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (Stream<Path> realms = Files.list(settings.realmConfigDir())) {
                for (Path realm : realms.filter(p -> p.toString().endsWith(".json")).toList()) {
                    Files.copy(realm, imports.resolve(realm.getFileName()));
                }
            }
            System.out.println("Keycloak " + settings.keycloakVersion() + " server log: " + logFile);
            process = start(settings, httpPort, environment, arguments);
            // before waiting, so that Ctrl-C during the start does not leave Keycloak running
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "keycloak-shutdown"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public Optional<ProcessHandle> jvm() {
        // kc.sh execs java in most shells, else java is its child
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(p -> p.isAlive() && p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    private Process start(Settings settings, int httpPort, Map<String, String> environment, List<String> arguments)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(arguments);
        command.add("--http-host=127.0.0.1");
        command.add("--http-port=" + httpPort);
        command.add("--http-management-port=" + Ports.free());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        settings.javaHome().ifPresent(javaHome -> builder.environment().put("JAVA_HOME", javaHome));
        return builder.start();
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        long started = System.nanoTime();
        long deadline = started + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw startFailure("Keycloak exited with status " + process.exitValue());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.printf("Keycloak ready at %s after %d s%n", baseUrl,
                            Duration.ofNanos(System.nanoTime() - started).toSeconds());
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(Duration.ofMillis(500));
        }
        stop();
        throw startFailure("Keycloak did not answer within " + START_TIMEOUT);
    }

    private IllegalStateException startFailure(String reason) {
        return new IllegalStateException(reason + "; log " + logFile + ":\n" + Logs.tail(logFile, 80));
    }

    /** Stops kc.sh and the JVM it started; waits for a clean shutdown, then kills. */
    private synchronized void stop() {
        if (!Files.exists(home)) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        deleteTree(home);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it lives under target/
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
