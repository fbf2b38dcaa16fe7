package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.sms.MapScope;
import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.sms.SmsSenderProviderFactory;
import io.github.kcrecovery.sms.log.LogSmsSenderProviderFactory;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpSmsSenderProviderFactoryTest {

    @Test
    void withoutUrlTheServerStartsAndSendingFails() {
        HttpSmsSenderProviderFactory factory = new HttpSmsSenderProviderFactory();
        factory.init(new MapScope(Map.of()));

        SmsSendException e = assertThrows(SmsSendException.class, () -> factory.create(null).send("+79161234567", "x"));
        assertEquals("not configured: the http SMS sender has no url: set --spi-sms-sender--http--url", e.getMessage());
    }

    @Test
    void badConfigurationFailsInit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HttpSmsSenderProviderFactory()
                .init(new MapScope(Map.of("url", "https://gw.example/?to={number}"))));
        assertTrue(e.getMessage().startsWith("Invalid --spi-sms-sender--http--* configuration: option url: Unknown placeholder {number}"),
                e.getMessage());
    }

    @Test
    void metadataListsEveryOptionAndMarksSecrets() {
        List<ProviderConfigProperty> metadata = new HttpSmsSenderProviderFactory().getConfigMetadata();

        List<String> expected = new java.util.ArrayList<>(HttpGatewaySettings.OPTIONS);
        expected.addAll(List.of("realm-hosts", "realm-allowed-networks", "realm-max-timeout-ms"));
        assertEquals(expected, metadata.stream().map(ProviderConfigProperty::getName).toList());
        assertEquals(Set.of("password", "api-key"),
                metadata.stream().filter(ProviderConfigProperty::isSecret).map(ProviderConfigProperty::getName).collect(Collectors.toSet()));
        assertTrue(metadata.stream().allMatch(p -> p.getHelpText() != null && !p.getHelpText().isBlank()));
    }

    @Test
    void realmSettingsMustKeepToTheServersHostsAndTimeoutCap() {
        HttpSmsSenderProviderFactory factory = new HttpSmsSenderProviderFactory();
        factory.init(new MapScope(Map.of("url", "https://sms.example/send?key={apiKey}", "api-key", "k", "realm-max-timeout-ms", "5000")));

        factory.settingsFor(Map.of("url", "https://sms.example/other", "read-timeout-ms", "5000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> factory.settingsFor(Map.of("url", "http://127.0.0.1:9000/health/ready")))
                .getMessage().contains("not allowed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> factory.settingsFor(Map.of("url", "https://{username}.example/x", "username", "sms")))
                .getMessage().contains("host"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> factory.settingsFor(Map.of("read-timeout-ms", "2147483647")))
                .getMessage().contains("read-timeout-ms"));
    }

    @Test
    void theDefaultRealmHostIsTheServerGatewaysHostAndPort() {
        assertEquals("sms.example:443", HttpSmsSenderProviderFactory.defaultRealmHost("https://SMS.example/Accounts/{username}/x"));
        assertEquals("127.0.0.1:8025", HttpSmsSenderProviderFactory.defaultRealmHost("http://127.0.0.1:8025/sms"));
        assertEquals(null, HttpSmsSenderProviderFactory.defaultRealmHost("https://{username}.example/x"));
        assertEquals(null, HttpSmsSenderProviderFactory.defaultRealmHost(null));
    }

    @Test
    void bothFactoriesAreRegisteredAndLogIsTheDefault() {
        Map<String, SmsSenderProviderFactory> factories = ServiceLoader.load(SmsSenderProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toMap(SmsSenderProviderFactory::getId, f -> f));

        assertEquals(Set.of("log", "http"), factories.keySet());
        // Keycloak's default is the highest order above 0 when --spi-sms-sender--provider is not set
        assertTrue(factories.get(LogSmsSenderProviderFactory.ID).order() > 0);
        assertTrue(factories.get(LogSmsSenderProviderFactory.ID).order() > factories.get(HttpSmsSenderProviderFactory.ID).order());
    }
}
