package io.github.kcrecovery.sms.log;

import io.github.kcrecovery.sms.SmsSenderProvider;
import io.github.kcrecovery.sms.SmsSenderProviderFactory;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

public class LogSmsSenderProviderFactory implements SmsSenderProviderFactory {

    public static final String ID = "log";
    static final String ALLOW_IN_PRODUCTION = "allow-in-production";

    private static final Logger LOG = Logger.getLogger(LogSmsSenderProviderFactory.class);

    private boolean enabled;

    @Override
    public void init(Config.Scope config) {
        enabled = Environment.isDevMode() || config.getBoolean(ALLOW_IN_PRODUCTION, false);
        if (!enabled) {
            LOG.warnf("SMS sender '%s' is active but the server is not in dev mode: every SMS will fail. "
                    + "Set --spi-sms-sender--provider=http and configure the gateway.", ID);
        } else if (Logger.getLogger(LogSmsSenderProvider.TEXT_CATEGORY).isDebugEnabled()) {
            LOG.warnf("!!! SMS sender '%s' WRITES EVERY SMS TEXT (one-time codes, password links) TO THE SERVER LOG "
                    + "(category %s at DEBUG). Development only: never with real users. !!!", ID, LogSmsSenderProvider.TEXT_CATEGORY);
        } else {
            LOG.warnf("SMS sender '%s' is active: no SMS leaves this server; one line per message is logged without its "
                    + "text. Development only: set --spi-sms-sender--provider=http for real SMS.", ID);
        }
    }

    @Override
    public SmsSenderProvider create(KeycloakSession session) {
        return new LogSmsSenderProvider(enabled);
    }

    @Override
    public String getId() {
        return ID;
    }

    /**
     * Keycloak picks the factory with the highest order when {@code --spi-sms-sender--provider} is not set:
     * this one, so that an unconfigured server never calls a gateway it was not told about.
     */
    @Override
    public int order() {
        return 1;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(ALLOW_IN_PRODUCTION).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("Also log messages (text at DEBUG only) when the server is not in dev mode. For test systems.")
                .add()
                .build();
    }
}
