package io.github.kcrecovery.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Production-mode Keycloak nodes ({@code kc.sh build --db=postgres --cache=ispn}, then {@code start --optimized}:
 * Keycloak's default clustered caches, jdbc-ping discovery) on a PostgreSQL 15 of their own ({@link Postgres}), with
 * the harness' mail sink and SMS gateway stub and the options of {@link ServerOptions}, as {@link TestEnvironment}
 * runs one server. The first node imports the realm files. Needs {@code initdb} and {@code pg_ctl} on the PATH; close
 * it after use (a shutdown hook stops the nodes anyway).
 */
public final class KeycloakCluster implements AutoCloseable {

    private static final String HEAP = "-Xms64m -Xmx768m";

    private final Settings settings = Settings.fromSystemProperties();
    private final String name = "keycloak-cluster-" + DistKeycloakServer.stamp();
    private final MailSink mail = new MailSink(Ports.free());
    private final SmsGatewayStub sms = new SmsGatewayStub(Ports.free());
    private final List<DistKeycloakServer> nodes = new ArrayList<>();
    private Postgres postgres;
    private Path home;

    private KeycloakCluster() {
    }

    /**
     * Starts {@code count} nodes, one after the other, each with {@code runtimeOptions} on top of {@link ServerOptions}'
     * (e.g. an SPI option); whatever started is stopped again if one fails.
     */
    public static KeycloakCluster start(int count, List<String> runtimeOptions) throws IOException, InterruptedException {
        KeycloakCluster cluster = new KeycloakCluster();
        try {
            cluster.startNodes(count, runtimeOptions);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startNodes(int count, List<String> runtimeOptions) throws IOException, InterruptedException {
        postgres = Postgres.start(List.of());
        home = DistKeycloakServer.prepareHome(settings, name);
        List<String> build = new ArrayList<>(List.of("build", "--db=postgres", "--cache=ispn"));
        build.addAll(ServerOptions.buildOptions());
        build(build);

        Map<String, String> environment = new HashMap<>(ServerOptions.environment("127.0.0.1", mail.port()));
        environment.put("JAVA_OPTS_KC_HEAP", HEAP);
        environment.putAll(ServerOptions.SHORT_LIVED_JVM);
        for (int i = 0; i < count; i++) {
            List<String> arguments = new ArrayList<>(List.of("start", "--optimized",
                    "--http-enabled=true", "--hostname-strict=false",
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + Ports.freeJgroupsPort()));
            // --db is fixed by the build
            postgres.keycloakArguments().stream().filter(option -> !option.startsWith("--db=")).forEach(arguments::add);
            arguments.addAll(ServerOptions.runtimeOptions(sms.baseUrl()));
            arguments.addAll(runtimeOptions);
            if (i == 0) {
                arguments.add("--import-realm");
            }
            Path log = settings.outputDir().resolve(name + "-node-" + (char) ('a' + i) + ".log");
            nodes.add(new DistKeycloakServer(settings, home, false, log, Ports.free(), environment, arguments));
        }
    }

    private void build(List<String> arguments) throws IOException, InterruptedException {
        Path log = settings.outputDir().resolve(name + "-build.log");
        ProcessBuilder builder = DistKeycloakServer.kcSh(settings, home, arguments).redirectOutput(log.toFile());
        builder.environment().putAll(ServerOptions.SHORT_LIVED_JVM);
        Process process = builder.start();
        if (!process.waitFor(DistKeycloakServer.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("kc.sh " + arguments + " failed; log " + log + ":\n" + Logs.tail(log, 60));
        }
    }

    /** The node started {@code index}-th (0: the one that imported the realms). */
    public DistKeycloakServer node(int index) {
        return nodes.get(index);
    }

    public MailSink mail() {
        return mail;
    }

    public SmsGatewayStub sms() {
        return sms;
    }

    /** A client logged in as the bootstrap admin of the master realm, through {@code node}. */
    public AdminClient admin(KeycloakServer node) {
        return AdminClient.login(node.baseUrl(), "master", ServerOptions.ADMIN_USERNAME, ServerOptions.ADMIN_PASSWORD);
    }

    /**
     * A fresh cookie jar against every node, as behind a load balancer: cookies set by one node go to all, redirects
     * to any node are followed, relative URLs go to the first node.
     */
    public BrowserlessSession browser() {
        return new BrowserlessSession(nodes.stream().map(DistKeycloakServer::baseUrl).toList());
    }

    /** Stops the nodes (last first), the database and the stubs; the nodes' logs stay in the test output. */
    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop();
        }
        if (postgres != null) {
            postgres.close();
        }
        sms.close();
        mail.close();
        if (home != null) {
            DistKeycloakServer.deleteTree(home);
        }
    }
}
