package io.github.kcrecovery.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL (15, {@code initdb}/{@code pg_ctl}/{@code psql} on the PATH) in a directory of its own, on a
 * free loopback port, trust authentication, no fsync: for tests and benchmarks only. As root it runs as
 * {@code nobody}, because initdb refuses root. Extra {@code -c name=value} server settings may be passed.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final Path dir;
    private final int port;

    private Postgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a fresh server in a new temp directory, which {@link #close()} deletes. */
    public static Postgres start(List<String> settings) throws IOException, InterruptedException {
        Postgres postgres = new Postgres(Files.createTempDirectory("kcrecovery-pg"), Ports.free());
        if (isRoot()) {
            Files.setPosixFilePermissions(postgres.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setOwner(postgres.dir, postgres.dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        }
        Path data = postgres.dir.resolve("data");
        postgres.run(List.of("initdb", "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync"));
        StringBuilder options = new StringBuilder("-p " + postgres.port + " -k " + postgres.dir
                + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200");
        settings.forEach(s -> options.append(" -c ").append(s));
        postgres.run(List.of("pg_ctl", "-D", data.toString(), "-l", postgres.log().toString(), "-o", options.toString(),
                "-w", "start"));
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "postgres-shutdown"));
        return postgres;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The server log (where e.g. auto_explain writes plans). */
    public Path log() {
        return dir.resolve("postgres.log");
    }

    /** Keycloak's options for this database. */
    public List<String> keycloakArguments() {
        return List.of("--db=postgres", "--db-url=" + jdbcUrl(), "--db-username=" + USER, "--db-password=unused");
    }

    /** Runs SQL through psql (stops at the first error) and returns its rows, unaligned, one per line. */
    public String psql(String sql) throws IOException, InterruptedException {
        return run(List.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-U", USER, "-d", DATABASE, "-c", sql));
    }

    @Override
    public synchronized void close() {
        if (!Files.isDirectory(dir.resolve("data"))) {
            return;
        }
        try {
            run(List.of("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
        } catch (Exception e) {
            // already stopped
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed:\n" + output);
        }
        return output;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
