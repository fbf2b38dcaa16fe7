package io.github.kcrecovery.testing;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mail sink, the SMS gateway stub and one Keycloak server, started once per JVM on first use and stopped by
 * shutdown hooks. Every integration test class shares them: call {@link #get()}, and {@link MailSink#clear()} /
 * {@link SmsGatewayStub#clear()} before a test that counts messages.
 *
 * <p>{@code -Dit.keycloak=testcontainers} (with {@code -Ptestcontainers}) runs the server in a container instead of
 * from the distribution zip. {@link KeycloakCluster} starts production-mode nodes on PostgreSQL instead.
 */
public final class TestEnvironment {

    private static TestEnvironment instance;
    private static RuntimeException startFailure;
    /** While a smoke suite runs: the older served version it tests; else null (the built-against version). */
    private static Settings servedVersion;
    /** The built-against version's environment and start failure, set aside while a smoke suite runs. */
    private static TestEnvironment latest;
    private static RuntimeException latestFailure;

    private final Settings settings;
    private final MailSink mail;
    private final SmsGatewayStub sms;
    private TrustedProxy proxy;
    private final KeycloakServer keycloak;

    /** The shared environment, started on the first call. */
    public static synchronized TestEnvironment get() {
        // a server that failed to start is not retried by every following test class
        if (startFailure != null) {
            throw new IllegalStateException("The test environment failed to start earlier", startFailure);
        }
        if (instance == null) {
            try {
                Settings settings = servedVersion != null ? servedVersion : Settings.fromSystemProperties();
                instance = new TestEnvironment(0, settings, ServerOptions.SHORT_LIVED_JVM, ServerOptions.CACHED_THEMES);
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    /**
     * For a smoke suite ({@code SmokeOnKeycloak*IT}): until {@link #backToLatest}, {@link #get()} starts and returns an
     * environment on the older served version {@code line} (see {@link Settings#servedVersion}). The tests of a JVM
     * run one after another, so the switch holds for exactly the suite's tests.
     */
    public static synchronized void useServedVersion(String line) {
        latest = instance;
        latestFailure = startFailure;
        instance = null;
        startFailure = null;
        servedVersion = Settings.servedVersion(line);
        System.out.println("Smoke set on Keycloak " + servedVersion.keycloakVersion() + " (" + servedVersion.distDir() + ")");
    }

    /** Ends a smoke suite: the older version's server stops, and {@link #get()} is the built-against version's again. */
    public static synchronized void backToLatest() {
        if (instance != null) {
            instance.stop();
            if (instance.keycloak instanceof DistKeycloakServer server) {
                server.stop();
            }
        }
        instance = latest;
        startFailure = latestFailure;
        latest = null;
        latestFailure = null;
        servedVersion = null;
    }

    /** The shared environment if some test has started it; used to report the server log on failures. */
    static synchronized Optional<TestEnvironment> started() {
        return Optional.ofNullable(instance);
    }

    /**
     * A separate environment with extra server environment variables and {@code start-dev} arguments (e.g. a
     * database or heap size), for tools such as the benchmark; tests use {@link #get()}.
     */
    public static TestEnvironment start(Map<String, String> extraEnvironment, List<String> extraArguments) {
        return new TestEnvironment(0, Settings.fromSystemProperties(), extraEnvironment, extraArguments);
    }

    /** @param keycloakPort 0 for any free port, otherwise the port to try first */
    TestEnvironment(int keycloakPort, Settings settings) {
        this(keycloakPort, settings, Map.of(), List.of());
    }

    private TestEnvironment(int keycloakPort, Settings settings, Map<String, String> extraEnvironment,
                            List<String> extraArguments) {
        this.settings = settings;
        mail = new MailSink(Ports.free());
        sms = new SmsGatewayStub(Ports.free());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "mail-and-sms-shutdown"));
        keycloak = "testcontainers".equals(System.getProperty("it.keycloak")) ? startContainer() : DistKeycloakServer.startDev(
                settings, Ports.preferred(keycloakPort),
                concat(ServerOptions.environment("127.0.0.1", mail.port()), extraEnvironment),
                concat(ServerOptions.arguments(sms.baseUrl()), extraArguments));
    }

    public MailSink mail() {
        return mail;
    }

    public SmsGatewayStub sms() {
        return sms;
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    /** The Keycloak version under test: the built-against one, or an older one while a smoke suite runs. */
    public String keycloakVersion() {
        return settings.keycloakVersion();
    }

    Settings settings() {
        return settings;
    }

    /** A client logged in as the bootstrap admin of the master realm. */
    public AdminClient admin() {
        return AdminClient.login(keycloak.baseUrl(), "master", ServerOptions.ADMIN_USERNAME, ServerOptions.ADMIN_PASSWORD);
    }

    /** A fresh cookie jar against the server, like a new private browser window. */
    public BrowserlessSession browser() {
        return new BrowserlessSession(List.of(keycloak.baseUrl()));
    }

    /**
     * A fresh cookie jar whose requests reach the server through the reverse proxy it trusts, as from the client at
     * {@code clientAddress} (an IPv6 address in brackets, as proxies forward it: {@code [2001:db8::1]}).
     */
    public synchronized BrowserlessSession browserFrom(String clientAddress) {
        if (proxy == null) {
            proxy = new TrustedProxy(keycloak.baseUrl());
        }
        return new BrowserlessSession(proxy.baseUrl(), clientAddress);
    }

    // The container server is compiled only in the testcontainers profile, so it is looked up by name.
    private KeycloakServer startContainer() {
        try {
            return (KeycloakServer) Class.forName("io.github.kcrecovery.testing.KeycloakContainerServer")
                    .getDeclaredConstructor(Settings.class, MailSink.class, SmsGatewayStub.class)
                    .newInstance(settings, mail, sms);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("-Dit.keycloak=testcontainers needs the Maven profile -Ptestcontainers", e);
        }
    }

    private static Map<String, String> concat(Map<String, String> base, Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(base);
        all.putAll(extra);
        return all;
    }

    private static List<String> concat(List<String> base, List<String> extra) {
        List<String> all = new ArrayList<>(base);
        all.addAll(extra);
        return all;
    }

    private synchronized void stop() {
        sms.close();
        mail.close();
        if (proxy != null) {
            proxy.close();
        }
    }
}
