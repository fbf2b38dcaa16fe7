package io.github.kcrecovery.sms;

import org.keycloak.Config;

import java.util.Map;
import java.util.Set;

/** A provider's SPI options as a map, the way {@code --spi-sms-sender--<provider>--<option>} would give them. */
public final class MapScope extends Config.AbstractScope {

    private final Map<String, String> options;

    public MapScope(Map<String, String> options) {
        this.options = options;
    }

    @Override
    public String get(String key) {
        return options.get(key);
    }

    @Override
    public Config.Scope scope(String... scope) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<String> getPropertyNames() {
        return options.keySet();
    }

    @Override
    public Config.Scope root() {
        throw new UnsupportedOperationException();
    }
}
