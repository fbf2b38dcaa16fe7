package io.github.kcrecovery.sms;

import org.keycloak.provider.ProviderFactory;

public interface SmsSenderProviderFactory extends ProviderFactory<SmsSenderProvider> {
}
