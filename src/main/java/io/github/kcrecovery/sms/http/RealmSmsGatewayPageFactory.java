package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.settings.PageComponents;
import io.github.kcrecovery.settings.RecoveryPageFactory;
import io.github.kcrecovery.sms.SmsSenderProvider;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console page "recovery-sms-gateway": one record per realm with the {@code http} sender's options, each
 * replacing the server's option of the same name ({@link HttpGatewaySettings#merge}). Secrets are Password fields:
 * Keycloak's component API masks them and keeps the stored value when the mask comes back; vault references
 * ({@code ${vault.key}}) are resolved at send time.
 */
public class RealmSmsGatewayPageFactory implements RecoveryPageFactory {

    public static final String PAGE_ID = "recovery-sms-gateway";
    /** Session attribute: the REST endpoint already decided which secrets were entered for the new url. */
    static final String SECRETS_CHECKED = "kcrecovery.sms-gateway.secrets-checked";
    private static final List<String> SECRETS = List.of(HttpGatewaySettings.PASSWORD, HttpGatewaySettings.API_KEY);

    public static Map<String, String> realmOptions(RealmModel realm) {
        return PageComponents.singleConfig(realm, PAGE_ID);
    }

    static boolean urlChanged(Map<String, String> before, Map<String, String> after) {
        return !normalized(before.get(HttpGatewaySettings.URL)).equals(normalized(after.get(HttpGatewaySettings.URL)));
    }

    static String enterAgain(String secret) {
        return "The url changed: enter " + secret + " again (a stored secret does not follow a new url)";
    }

    private static String normalized(String url) {
        return url == null ? "" : url.trim();
    }

    @Override
    public String getId() {
        return PAGE_ID;
    }

    @Override
    public String getHelpText() {
        return "This realm's SMS gateway (http sender). Empty fields keep the server's settings. Changing url, "
                + "method, body, content type or auth means bringing your own credentials; a url of its own replaces "
                + "the server's gateway entirely and must be on a host the server allows. The realm has one entry: once "
                + "saved, click it below to change it.";
    }

    /** The server options with their names as labels, no defaults and an empty choice: empty means "the server's". */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>();
        for (ProviderConfigProperty server : HttpSmsSenderProviderFactory.configMetadata()) {
            ProviderConfigProperty p = new ProviderConfigProperty(server.getName(), server.getName(), server.getHelpText(),
                    server.getType(), null, server.isSecret());
            if (server.getOptions() != null) {
                List<String> options = new ArrayList<>();
                options.add("");
                options.addAll(server.getOptions());
                p.setOptions(options);
            }
            properties.add(p);
        }
        return properties;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(HttpGatewaySettings.URL, HttpGatewaySettings.FROM, HttpGatewaySettings.AUTH_TYPE));
    }

    /**
     * Refuses options that would not make a working gateway together with the server's, and a stored secret
     * following a changed url. The console sends a kept secret back as a mask, which Keycloak swaps for the stored
     * value before this check: so here a secret equal to the stored one under a new url counts as kept.
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        PageComponents.requireSingle(realm, PAGE_ID, model);
        Map<String, String> options = PageComponents.flat(model);
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        if (stored != null && session.getAttribute(SECRETS_CHECKED) == null) {
            Map<String, String> before = PageComponents.flat(stored);
            if (urlChanged(before, options)) {
                for (String secret : SECRETS) {
                    if (options.get(secret) != null && options.get(secret).equals(before.get(secret))) {
                        throw new ComponentValidationException(enterAgain(secret));
                    }
                }
            }
        }
        options.keySet().stream().filter(k -> !HttpGatewaySettings.OPTIONS.contains(k)).findFirst().ifPresent(k -> {
            throw new ComponentValidationException("Unknown SMS gateway option: " + k);
        });
        HttpSmsSenderProviderFactory http = (HttpSmsSenderProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(SmsSenderProvider.class, HttpSmsSenderProviderFactory.ID);
        try {
            if (http != null) {
                http.settingsFor(options);
            }
        } catch (IllegalArgumentException e) {
            throw new ComponentValidationException(e.getMessage());
        }
    }
}
