package io.github.kcrecovery.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Keycloak from the official distribution zip (unpacked by the pom), run with {@code bin/kc.sh} from a fresh copy
 * under {@code target/it-output} ({@link #prepareHome}) with the provider jar in {@code providers/} and the realm
 * files in {@code data/import/}: one {@code start-dev} server ({@link #startDev}), or a node of a
 * {@link KeycloakCluster}, several of which share one copy.
 */
public final class DistKeycloakServer implements KeycloakServer {

    // about 40 s on an idle 2-core machine, over 240 s while other builds share it; -Dkeycloak.start.timeout=PT20M
    static final Duration START_TIMEOUT = Duration.parse(System.getProperty("keycloak.start.timeout", "PT8M"));

    private final Path home;
    private final boolean ownsHome;
    private final Path logFile;
    private final String baseUrl;
    private final Process process;

    /** A {@code start-dev} server in a copy of its own, deleted when it stops. */
    static DistKeycloakServer startDev(Settings settings, int httpPort, Map<String, String> environment,
                                       List<String> arguments) {
        String name = "keycloak-" + stamp();
        Path home = prepareHome(settings, name);
        return new DistKeycloakServer(settings, home, true, settings.outputDir().resolve(name + ".log"), httpPort,
                environment, arguments);
    }

    /**
     * Starts {@code kc.sh} in {@code home} with {@code arguments} (see {@link ServerOptions}) plus host and ports, and
     * waits until it answers.
     *
     * @param ownsHome whether stopping deletes {@code home} (a cluster's nodes share one)
     */
    DistKeycloakServer(Settings settings, Path home, boolean ownsHome, Path logFile, int httpPort,
                       Map<String, String> environment, List<String> arguments) {
        this.home = home;
        this.ownsHome = ownsHome;
        this.logFile = logFile;
        baseUrl = "http://127.0.0.1:" + httpPort;
        List<String> all = new ArrayList<>(arguments);
        all.add("--http-host=127.0.0.1");
        all.add("--http-port=" + httpPort);
        all.add("--http-management-port=" + Ports.free());
        System.out.println("Keycloak " + settings.keycloakVersion() + " server log: " + logFile);
        try {
            ProcessBuilder builder = kcSh(settings, home, all).redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // before waiting, so that Ctrl-C during the start does not leave Keycloak running
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "keycloak-shutdown"));
        awaitReady();
    }

    /** A fresh copy of the distribution with the provider jar and the realm files, under the output directory. */
    static Path prepareHome(Settings settings, String name) {
        Path home = settings.outputDir().resolve(name);
        try {
            copyTree(settings.distDir(), home);
            Files.copy(settings.providerJar(), home.resolve("providers").resolve(settings.providerJar().getFileName()));
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (Stream<Path> realms = Files.list(settings.realmConfigDir())) {
                for (Path realm : realms.filter(p -> p.toString().endsWith(".json")).toList()) {
                    Files.copy(realm, imports.resolve(realm.getFileName()));
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code bin/kc.sh} with {@code arguments} in {@code home}, output and error together, no input. */
    static ProcessBuilder kcSh(Settings settings, Path home, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        settings.javaHome().ifPresent(javaHome -> builder.environment().put("JAVA_HOME", javaHome));
        return builder;
    }

    static String stamp() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
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

    /**
     * SIGKILL to kc.sh and the JVM it started, as a crash or an OOM kill would: no graceful leave from a cluster.
     *
     * @return whether both are gone within 30 seconds
     */
    public boolean kill() {
        return end(ProcessHandle::destroyForcibly);
    }

    /** Whether anything accepts a connection on the server's port. */
    public boolean listens() {
        URI url = URI.create(baseUrl);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** Stops kc.sh and the JVM it started; waits for a clean shutdown, then kills. */
    synchronized void stop() {
        if (!end(ProcessHandle::destroy)) {
            end(ProcessHandle::destroyForcibly);
        }
        if (ownsHome) {
            deleteTree(home);
        }
    }

    /** Signals kc.sh and the JVM it started; true when all are gone within 30 seconds. */
    private boolean end(Consumer<ProcessHandle> signal) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(signal);
        boolean ended = true;
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                ended = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return ended;
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

    static void deleteTree(Path root) {
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
