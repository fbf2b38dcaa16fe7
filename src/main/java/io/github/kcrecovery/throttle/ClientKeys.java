package io.github.kcrecovery.throttle;

import org.keycloak.common.ClientConnection;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * The one rule for "which client is this" in per-IP limits: an IPv4 address is one client; an IPv6 address counts by
 * its /64 network, because one subscriber usually gets a whole /64 and can take a new address from it per request.
 * The address is the one Keycloak's own events record ({@link #address}): the proxy's forwarded address only when
 * the server runs with {@code --proxy-headers} and, if set, the request came from a trusted proxy.
 */
public final class ClientKeys {

    private ClientKeys() {
    }

    /**
     * The request's client address as Keycloak's events record it ({@code getRemoteHost()}). Not
     * {@code getRemoteAddr()}: for an IPv6 address that a proxy forwarded ({@code X-Forwarded-For: [2001:db8::1]}) it
     * is null, and a null address counted in no per-client limit.
     */
    public static String address(ClientConnection connection) {
        String host = connection.getRemoteHost();
        return host != null && !host.isBlank() ? host : connection.getRemoteAddr();
    }

    /** A key for the client at {@code address}: the IPv4 address, or the /64 prefix of an IPv6 one. */
    public static String of(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        String literal = address.strip();
        if (!literal.contains(":")) {
            return literal;
        }
        try {
            // a literal only: getByName does no lookup for one (the brackets and zone of a literal are stripped first)
            String bare = literal.replaceAll("^\\[|]$", "").replaceAll("%.*$", "");
            InetAddress parsed = InetAddress.getByName(bare);
            if (parsed instanceof Inet6Address) {
                byte[] bytes = parsed.getAddress();
                return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
