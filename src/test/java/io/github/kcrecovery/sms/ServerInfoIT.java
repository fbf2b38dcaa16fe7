package io.github.kcrecovery.sms;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerInfoIT {

    @Test
    void serverListsTheSmsSenderSpiWithItsProviders() {
        AdminClient.Response response = TestEnvironment.get().admin().get("/admin/serverinfo");
        assertEquals(200, response.status(), response.body());

        JsonNode spi = response.json().path("providers").path(SmsSenderSpi.NAME);
        assertTrue(spi.isObject(), "serverinfo has no '" + SmsSenderSpi.NAME + "' SPI");
        Set<String> providers = new HashSet<>();
        spi.path("providers").fieldNames().forEachRemaining(providers::add);
        assertEquals(Set.of("http", "log"), providers);
    }
}
