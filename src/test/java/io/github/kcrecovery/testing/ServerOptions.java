package io.github.kcrecovery.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every test server runs with, from the distribution (one server or a cluster's nodes) or in a container: the
 * bootstrap admin, mail to the sink, and the {@code http} SMS sender pointed at the stub in one realistic gateway shape.
 */
public final class ServerOptions {

    static final String ADMIN_USERNAME = "admin";
    static final String ADMIN_PASSWORD = "admin";
    static final String SMS_PATH = "/sms/send";
    static final String SMS_API_KEY = "test-token";
    static final String SMS_FROM = "KcRecovery";
    static final int SMS_READ_TIMEOUT_MS = 2000;
    /** The one address the server takes X-Forwarded-For from, as from a reverse proxy; tests connect from it to act as one. */
    public static final String TRUSTED_PROXY = "127.0.0.2";
    /** Listed for realm gateways, but a loopback address the server does not allow them: refused after resolution. */
    public static final String REALM_GATEWAY_LOOPBACK_HOST = "127.0.0.2";
    /** Listed and allowed for realm gateways; nothing listens there, so connections are refused. */
    public static final String REALM_GATEWAY_CLOSED_HOST = "127.0.0.3";

    /**
     * For the servers of a test run, which live minutes: the C1 compiler alone starts Keycloak in about half the CPU
     * (the C2 compiler's work would not pay off in that time). The demo and the benchmark keep the JVM's default.
     */
    static final Map<String, String> SHORT_LIVED_JVM = Map.of("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");

    /**
     * For the {@code start-dev} servers of a test run: themes, templates and static files cached as in production
     * (development mode re-reads them on every page, which no test needs: nothing edits a theme while they run).
     */
    static final List<String> CACHED_THEMES = List.of(
            "--spi-theme--cache-themes=true", "--spi-theme--cache-templates=true", "--spi-theme--static-max-age=2592000");

    private ServerOptions() {
    }

    /** Environment variables; the realm files refer to the SMTP host and port as placeholders. */
    static Map<String, String> environment(String smtpHost, int smtpPort) {
        return Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "RECOVERY_SMTP_HOST", smtpHost,
                "RECOVERY_SMTP_PORT", String.valueOf(smtpPort));
    }

    /** {@code start-dev} arguments: {@link #buildOptions()} and {@link #runtimeOptions}; the caller adds ports and host. */
    static List<String> arguments(String smsGatewayBaseUrl) {
        List<String> arguments = new ArrayList<>(List.of("start-dev", "--import-realm"));
        arguments.addAll(buildOptions());
        arguments.addAll(runtimeOptions(smsGatewayBaseUrl));
        return arguments;
    }

    /** What a production-mode server fixes at {@code kc.sh build}. */
    static List<String> buildOptions() {
        return List.of(
                "--features=declarative-ui",
                // provider-default, not provider: that one would leave every other sender unloaded
                "--spi-sms-sender--provider-default=http");
    }

    /** What every server gets at start, in development or production mode. */
    static List<String> runtimeOptions(String smsGatewayBaseUrl) {
        return List.of(
                "--proxy-headers=xforwarded",
                "--proxy-trusted-addresses=" + TRUSTED_PROXY,
                "--log-level=INFO,io.github.kcrecovery:debug",
                "--spi-sms-sender--http--method=POST",
                "--spi-sms-sender--http--url=" + smsGatewayBaseUrl + SMS_PATH,
                "--spi-sms-sender--http--content-type=json",
                "--spi-sms-sender--http--body={\"to\":\"{phone}\",\"text\":\"{text}\",\"from\":\"{from}\"}",
                "--spi-sms-sender--http--from=" + SMS_FROM,
                "--spi-sms-sender--http--auth-type=bearer",
                "--spi-sms-sender--http--api-key=" + SMS_API_KEY,
                "--spi-sms-sender--http--success-json-pointer=/status",
                "--spi-sms-sender--http--success-json-value=OK",
                "--spi-sms-sender--http--read-timeout-ms=" + SMS_READ_TIMEOUT_MS,
                // realm gateways: the stub's own host and port (the default) plus the two hosts above; of the
                // loopback addresses only the stub's and the closed one are allowed
                "--spi-sms-sender--http--realm-hosts=" + URI.create(smsGatewayBaseUrl).getAuthority() + ","
                        + REALM_GATEWAY_LOOPBACK_HOST + "," + REALM_GATEWAY_CLOSED_HOST,
                "--spi-sms-sender--http--realm-allowed-networks=127.0.0.1/32," + REALM_GATEWAY_CLOSED_HOST + "/32",
                // the captcha tests' site-verify stub listens on a loopback port picked at run time
                "--spi-authenticator--recovery-captcha--verify-hosts=127.0.0.1",
                "--spi-authenticator--recovery-captcha--verify-allowed-networks=127.0.0.1/32");
    }
}
