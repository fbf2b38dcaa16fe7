package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.sms.SmsSenderProvider;
import io.github.kcrecovery.sms.SmsSenderProviderFactory;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.vault.VaultStringSecret;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.github.kcrecovery.sms.http.HttpGatewaySettings.*;

public class HttpSmsSenderProviderFactory implements SmsSenderProviderFactory {

    public static final String ID = "http";

    private HttpGatewaySettings settings;
    private HttpClient client;
    /** The server's options as given, for merging a realm's over them ({@link RealmSmsGatewayPageFactory}). */
    private Map<String, String> serverOptions = Map.of();
    /** Realms may set another connect timeout; one pooled client per timeout in use. */
    private final Map<Duration, HttpClient> clientsByTimeout = new ConcurrentHashMap<>();

    @Override
    public void init(Config.Scope config) {
        // Keycloak initializes every provider of the SPI, chosen or not: without a url this one stays idle
        // instead of failing the server's start
        serverOptions = Map.copyOf(HttpGatewaySettings.optionsOf(config));
        if (config.get(URL) == null) {
            return;
        }
        try {
            settings = HttpGatewaySettings.fromConfig(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid --spi-sms-sender--http--* configuration: " + e.getMessage(), e);
        }
        // one client for the server: it pools connections to the gateway
        client = newHttpClient(settings.connectTimeout());
    }

    /** HTTP/1.1 because some gateways mishandle the h2c upgrade; redirects are answers to judge, not to follow. */
    static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
            effective = settingsFor(realmOptions);
        } catch (IllegalArgumentException e) {
            return failing("The realm's SMS gateway settings are invalid: " + e.getMessage());
        }
        if (effective == null) {
            return failing("The http SMS sender has no url: set --spi-sms-sender--http--url");
        }
        HttpClient httpClient = effective == settings ? client
                : clientsByTimeout.computeIfAbsent(effective.connectTimeout(), HttpSmsSenderProviderFactory::newHttpClient);
        return new HttpSmsSenderProvider(httpClient, effective, value -> {
            try (VaultStringSecret secret = session.vault().getStringSecret(value)) {
                return secret.get().orElse(null);
            }
        });
    }

    /**
     * The settings in force for a realm with these options; the server's alone when the realm has none (null when
     * the server has no url either).
     *
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    public HttpGatewaySettings settingsFor(Map<String, String> realmOptions) {
        return realmOptions.isEmpty() ? settings : HttpGatewaySettings.fromMap(HttpGatewaySettings.merge(serverOptions, realmOptions));
    }

    private static SmsSenderProvider failing(String reason) {
        return new SmsSenderProvider() {
            @Override
            public void send(String phoneNumber, String text) throws SmsSendException {
                throw new SmsSendException(reason);
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

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return configMetadata();
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
