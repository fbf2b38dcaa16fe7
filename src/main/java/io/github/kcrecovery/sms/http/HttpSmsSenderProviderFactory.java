package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.outbound.OutboundHttp;
import io.github.kcrecovery.outbound.OutboundRules;
import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.sms.SmsSendException.Failure;
import io.github.kcrecovery.sms.SmsSenderProvider;
import io.github.kcrecovery.sms.SmsSenderProviderFactory;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.vault.VaultStringSecret;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.kcrecovery.sms.http.HttpGatewaySettings.*;

public class HttpSmsSenderProviderFactory implements SmsSenderProviderFactory {

    public static final String ID = "http";

    /** Server-only options: what a realm's own gateway may use. */
    public static final String REALM_HOSTS = "realm-hosts";
    public static final String REALM_ALLOWED_NETWORKS = "realm-allowed-networks";
    public static final String REALM_MAX_TIMEOUT_MS = "realm-max-timeout-ms";
    static final int DEFAULT_REALM_MAX_TIMEOUT_MS = 10000;
    /** Connections kept per client; sends are bounded by the sender pool anyway. */
    private static final int MAX_CONNECTIONS = 32;
    private static final Pattern URL_AUTHORITY = Pattern.compile("(?i)^(https?)://([^/?#]+)");

    private HttpGatewaySettings settings;
    /** Calls to the server's own gateway, resolved by the system. */
    private OutboundHttp serverClient;
    /** Calls to gateways realms chose: connections open only to addresses {@link #realmRules} allow. */
    private OutboundHttp realmClient;
    private OutboundRules realmRules;
    /** The server's options as given, for merging a realm's over them ({@link RealmSmsGatewayPageFactory}). */
    private Map<String, String> serverOptions = Map.of();

    @Override
    public void init(Config.Scope config) {
        // Keycloak initializes every provider of the SPI, chosen or not: without a url this one stays idle
        // instead of failing the server's start
        serverOptions = Map.copyOf(HttpGatewaySettings.optionsOf(config));
        try {
            realmRules = OutboundRules.parse(config.get(REALM_HOSTS), defaultRealmHost(config.get(URL)),
                    config.get(REALM_ALLOWED_NETWORKS), config.getInt(REALM_MAX_TIMEOUT_MS, DEFAULT_REALM_MAX_TIMEOUT_MS));
            if (config.get(URL) != null) {
                settings = HttpGatewaySettings.fromConfig(config);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid --spi-sms-sender--http--* configuration: " + e.getMessage(), e);
        }
        serverClient = new OutboundHttp(null, MAX_CONNECTIONS);
        realmClient = new OutboundHttp(realmRules, MAX_CONNECTIONS);
    }

    /** The server gateway's {@code host:port}, the hosts realms may use unless the server lists others. */
    static String defaultRealmHost(String serverUrl) {
        Matcher m = serverUrl == null ? null : URL_AUTHORITY.matcher(serverUrl.trim());
        if (m == null || !m.find() || m.group(2).contains("{") || m.group(2).contains("@")) {
            return null;
        }
        try {
            return OutboundRules.hostAndPort(URI.create(m.group(1) + "://" + m.group(2)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (serverClient != null) {
            serverClient.close();
            realmClient.close();
        }
    }

    /**
     * Uses the current realm's own gateway settings (admin console page {@value RealmSmsGatewayPageFactory#PAGE_ID}
     * or {@code /admin/realms/{realm}/recovery/sms/settings}) over the server's, like Keycloak's per-realm SMTP.
     */
    @Override
    public SmsSenderProvider create(KeycloakSession session) {
        // no realm (a session outside any realm's request): the server's settings
        RealmModel realm = session == null ? null : session.getContext().getRealm();
        Map<String, String> realmOptions = realm == null ? Map.of() : RealmSmsGatewayPageFactory.realmOptions(realm);
        HttpGatewaySettings effective;
        try {
            effective = realmOptions.isEmpty() ? settings
                    : HttpGatewaySettings.fromMap(HttpGatewaySettings.merge(serverOptions, realmOptions))
                    // the cap may have been lowered since the realm saved its settings
                    .withTimeoutsAtMost(realmRules.maxTimeout());
        } catch (IllegalArgumentException e) {
            return failing(Failure.INVALID_SETTINGS, "the realm's SMS gateway settings are invalid: " + e.getMessage());
        }
        if (effective == null) {
            return failing(Failure.NOT_CONFIGURED, "the http SMS sender has no url: set --spi-sms-sender--http--url");
        }
        boolean realmUrl = realmOptions.containsKey(URL);
        return new HttpSmsSenderProvider(realmUrl ? realmClient : serverClient, effective, value -> {
            try (VaultStringSecret secret = session.vault().getStringSecret(value)) {
                return secret.get().orElse(null);
            }
        });
    }

    /**
     * Checks a realm's options as they would be saved: valid together with the server's, timeouts within the cap,
     * and a url of its own on a host the server lists.
     *
     * @return the settings in force for a realm with these options; the server's alone when the realm has none
     *         (null when the server has no url either)
     * @throws IllegalArgumentException naming the option that is missing, wrong or not allowed
     */
    public HttpGatewaySettings settingsFor(Map<String, String> realmOptions) {
        if (realmOptions.isEmpty()) {
            return settings;
        }
        HttpGatewaySettings merged = HttpGatewaySettings.fromMap(HttpGatewaySettings.merge(serverOptions, realmOptions));
        for (String timeout : List.of(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS)) {
            String value = realmOptions.get(timeout);
            if (value != null && !value.isBlank() && Long.parseLong(value.trim()) > realmRules.maxTimeout().toMillis()) {
                throw new IllegalArgumentException("option " + timeout + " may be at most " + realmRules.maxTimeout().toMillis()
                        + " for a realm (server option " + REALM_MAX_TIMEOUT_MS + ")");
            }
        }
        String url = realmOptions.get(URL);
        if (url != null && !url.isBlank()) {
            Matcher m = URL_AUTHORITY.matcher(url.trim());
            if (!m.find() || m.group(2).contains("{") || m.group(2).contains("@")) {
                throw new IllegalArgumentException("the host of a realm's url must be written out, without placeholders or user info");
            }
            URI origin;
            try {
                origin = URI.create(m.group(1) + "://" + m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option url has no valid host");
            }
            if (!realmRules.hostAllowed(origin)) {
                throw new IllegalArgumentException("host " + origin.getHost() + " is not allowed for realm gateways (server option "
                        + REALM_HOSTS + ")");
            }
        }
        return merged;
    }

    private static SmsSenderProvider failing(Failure failure, String reason) {
        return new SmsSenderProvider() {
            @Override
            public void send(String phoneNumber, String text) throws SmsSendException {
                throw new SmsSendException(failure, reason);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return ID;
    }

    /** The gateway's options, then the server-only ones that bound realm gateways. */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        List<ProviderConfigProperty> all = new ArrayList<>(configMetadata());
        all.addAll(ProviderConfigurationBuilder.create()
                .property().name(REALM_HOSTS).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Hosts a realm's own gateway url may use, comma-separated: host, host:port, *.domain or *. "
                        + "Default: the host and port of this server's url (none without a url).").add()
                .property().name(REALM_ALLOWED_NETWORKS).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Internal networks (CIDR, comma-separated) realm gateways may still reach; loopback, link-local, "
                        + "private and multicast addresses are refused otherwise. Default: none.").add()
                .property().name(REALM_MAX_TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_REALM_MAX_TIMEOUT_MS)
                .helpText("The longest connect or read timeout a realm's settings may set, in milliseconds.").add()
                .build());
        return all;
    }

    /** The options, shared with the realm-level console page. */
    static List<ProviderConfigProperty> configMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(METHOD).type(ProviderConfigProperty.LIST_TYPE).options("POST", "GET").defaultValue("POST")
                .helpText("HTTP method. GET sends everything in the url.").add()
                .property().name(URL).type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("Gateway URL template; placeholders {phone} {text} {from} {username} {password} {apiKey} are URL-encoded.").add()
                .property().name(BODY).type(ProviderConfigProperty.TEXT_TYPE)
                .helpText("POST body template, e.g. {\"to\":\"{phone}\",\"text\":\"{text}\"}; values are escaped for the content type.").add()
                .property().name(CONTENT_TYPE).type(ProviderConfigProperty.LIST_TYPE).options("json", "form").defaultValue("json")
                .helpText("Body encoding: json or form (application/x-www-form-urlencoded).").add()
                .property().name(PHONE_FORMAT).type(ProviderConfigProperty.LIST_TYPE).options("e164", "digits").defaultValue("e164")
                .helpText("{phone} as +79161234567 (e164) or 79161234567 (digits).").add()
                .property().name(FROM).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Sender name or number for {from}. May be a vault reference ${vault.key}.").add()
                .property().name(USERNAME).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Account name for {username} and Basic auth. May be a vault reference.").add()
                .property().name(PASSWORD).type(ProviderConfigProperty.PASSWORD).secret(true)
                .helpText("Password or token for {password} and Basic auth. Prefer a vault reference ${vault.key}.").add()
                .property().name(API_KEY).type(ProviderConfigProperty.PASSWORD).secret(true)
                .helpText("API key for {apiKey}, Bearer and header auth. Prefer a vault reference ${vault.key}.").add()
                .property().name(AUTH_TYPE).type(ProviderConfigProperty.LIST_TYPE).options("none", "basic", "bearer", "header").defaultValue("none")
                .helpText("none (credentials in url/body), basic (username:password), bearer (api-key), header (auth-header: api-key).").add()
                .property().name(AUTH_HEADER).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Header name for auth-type header, e.g. Authorization.").add()
                .property().name(AUTH_HEADER_PREFIX).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Word put before the api-key in the header, separated by a space, e.g. AccessKey.").add()
                .property().name(SUCCESS_STATUS).type(ProviderConfigProperty.STRING_TYPE).defaultValue("200-299")
                .helpText("HTTP status, or range, that means sent: 201 or 200-299.").add()
                .property().name(SUCCESS_JSON_POINTER).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("JSON Pointer into the answer that must be present, e.g. /status or /messages/0/status.").add()
                .property().name(SUCCESS_JSON_VALUE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Value the field at success-json-pointer must have, e.g. OK; empty: present and not null is enough.").add()
                .property().name(CONNECT_TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(5000)
                .helpText("Connect timeout in milliseconds.").add()
                .property().name(READ_TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10000)
                .helpText("Time in milliseconds the whole request may take once started.").add()
                .build();
    }
}
