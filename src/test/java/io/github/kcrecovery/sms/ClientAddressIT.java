package io.github.kcrecovery.sms;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.testing.ServerOptions;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which client address every per-IP limit counts: the one Keycloak reports, the address recorded in the events. The
 * test server runs as behind a reverse proxy at {@value ServerOptions#TRUSTED_PROXY} ({@code --proxy-headers=xforwarded
 * --proxy-trusted-addresses=127.0.0.2}). A client elsewhere that forges {@code X-Forwarded-For} changes nothing (it
 * would otherwise get a fresh per-IP budget per request); through the proxy, the forwarded address is the client. (A
 * private address, so that the demo realm's "SSL required: external" lets the plain-HTTP request reach the client check.)
 */
class ClientAddressIT {

    private static TestEnvironment env;

    @BeforeAll
    static void start() {
        env = TestEnvironment.get();
    }

    @Test
    void aForgedForwardedForFromAnUntrustedAddressChangesNothing() throws IOException {
        assertEquals("127.0.0.1", recordedAddress("127.0.0.1", "10.20.30.40"));
    }

    @Test
    void theTrustedProxysForwardedAddressIsTheClient() throws IOException {
        assertEquals("10.20.30.40", recordedAddress(ServerOptions.TRUSTED_PROXY, "10.20.30.40"));
    }

    /** Opens the login endpoint of an unknown client from {@code source}: Keycloak records a LOGIN_ERROR with the client's IP. */
    private static String recordedAddress(String source, String forwardedFor) throws IOException {
        String clientId = "client-address-" + UUID.randomUUID();
        URI server = URI.create(env.keycloak().baseUrl());
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /realms/demo/protocol/openid-connect/auth?response_type=code&client_id=" + clientId
                    + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
                    + "\r\nX-Forwarded-For: " + forwardedFor + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            in.readAllBytes();
        }
        JsonNode events = env.admin().get("/admin/realms/demo/events?client=" + clientId + "&max=5").json();
        assertEquals(1, events.size(), events.toString());
        return events.get(0).path("ipAddress").asText();
    }
}
