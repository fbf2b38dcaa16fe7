package io.github.kcrecovery.outbound;

import org.apache.http.conn.DnsResolver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a URL chosen by a realm admin (a realm's SMS gateway, a captcha site-verify URL) may lead: a host the server
 * admin listed, resolved to an address that is not internal (loopback, link-local, private, multicast...) unless the
 * server admin allowed its network, within capped timeouts. The address is checked when the connection is opened,
 * by the {@link #resolver()} the connection uses, so a DNS answer that changes after a check changes nothing.
 *
 * @param hosts lower-case entries {@code host}, {@code host:port}, {@code *.domain} or {@code *} (any host)
 * @param allowedNetworks internal networks realms may still reach, e.g. an SMS relay in the server's own network
 * @param maxTimeout the longest connect or read timeout a realm may set
 */
public record OutboundRules(List<String> hosts, List<Network> allowedNetworks, Duration maxTimeout) {

    /** A refused address; an {@link UnknownHostException} so that HTTP clients pass it up unchanged. */
    public static final class AddressNotAllowedException extends UnknownHostException {
        public AddressNotAllowedException(String host) {
            super("The address of " + host + " is internal and not allowed");
        }
    }

    /** An IPv4 or IPv6 network in CIDR form, e.g. {@code 10.0.0.0/8}. */
    public record Network(byte[] prefix, int bits) {

        /** @throws IllegalArgumentException when not an address literal with an optional {@code /bits} */
        public static Network parse(String cidr) {
            String[] parts = cidr.trim().split("/", 2);
            if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                // only literals: a name here would be resolved, which this parser must not do
                throw new IllegalArgumentException("not an IP network: " + cidr);
            }
            try {
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int bits = parts.length == 1 ? address.length * 8 : Integer.parseInt(parts[1]);
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("not an IP network: " + cidr);
                }
                return new Network(address, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not an IP network: " + cidr);
            }
        }

        public boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(prefix).getHostAddress() + "/" + bits;
            } catch (UnknownHostException e) {
                return Arrays.toString(prefix) + "/" + bits;
            }
        }
    }

    /** Internal ranges that the JDK's address predicates do not name. */
    private static final List<Network> ALSO_INTERNAL = List.of(
            Network.parse("0.0.0.0/8"),          // "this network"
            Network.parse("100.64.0.0/10"),      // carrier-grade NAT
            Network.parse("192.0.0.0/24"),       // IETF protocol assignments
            Network.parse("198.18.0.0/15"),      // benchmarking
            Network.parse("240.0.0.0/4"),        // reserved, and broadcast
            Network.parse("fc00::/7"),           // unique local
            Network.parse("64:ff9b::/96"),       // NAT64: may lead to any IPv4 address
            Network.parse("2002::/16"));         // 6to4: the same

    /**
     * @param hosts comma-separated entries (see the record); blank means {@code defaultHost} alone, or no host when
     *              that is null too
     * @param networks comma-separated CIDR networks, may be blank
     * @param maxTimeoutMs positive
     * @throws IllegalArgumentException naming the wrong entry
     */
    public static OutboundRules parse(String hosts, String defaultHost, String networks, long maxTimeoutMs) {
        List<String> hostList = new ArrayList<>();
        String given = hosts == null || hosts.isBlank() ? defaultHost : hosts;
        if (given != null) {
            for (String entry : given.split(",")) {
                String host = entry.trim().toLowerCase(Locale.ROOT);
                if (!host.isEmpty()) {
                    if (!host.matches("\\*|(\\*\\.)?[a-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-f:.]+](:[0-9]{1,5})?")) {
                        throw new IllegalArgumentException("not a host, host:port or *.domain: " + entry.trim());
                    }
                    hostList.add(host);
                }
            }
        }
        List<Network> allowed = new ArrayList<>();
        if (networks != null) {
            for (String entry : networks.split(",")) {
                if (!entry.isBlank()) {
                    allowed.add(Network.parse(entry));
                }
            }
        }
        if (maxTimeoutMs <= 0) {
            throw new IllegalArgumentException("the longest timeout must be a positive number of milliseconds");
        }
        return new OutboundRules(List.copyOf(hostList), List.copyOf(allowed), Duration.ofMillis(maxTimeoutMs));
    }

    /** {@code host:port} of a URL, the port filled in from the scheme; the form the default host entry takes. */
    public static String hostAndPort(URI uri) {
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
    }

    /** Whether the URL's host (and port) is one the server admin listed. */
    public boolean hostAllowed(URI uri) {
        if (uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String withPort = host + ":" + port(uri);
        for (String entry : hosts) {
            boolean match = entry.equals("*") || entry.equals(host) || entry.equals(withPort)
                    || (entry.startsWith("*.") && host.endsWith(entry.substring(1)));
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** Whether a connection to this (resolved) address may be opened. */
    public boolean addressAllowed(InetAddress address) {
        return !isInternal(address) || allowedNetworks.stream().anyMatch(n -> n.contains(address));
    }

    /**
     * Loopback, link-local, private (site-local, unique-local), multicast, unspecified and the reserved ranges of
     * {@link #ALSO_INTERNAL}; IPv4-mapped IPv6 addresses count as their IPv4 address.
     */
    public static boolean isInternal(InetAddress address) {
        InetAddress a = unmapped(address);
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()
                || a.isAnyLocalAddress() || ALSO_INTERNAL.stream().anyMatch(n -> n.contains(a));
    }

    /** Resolves like the system, then keeps only allowed addresses; none left is an {@link AddressNotAllowedException}. */
    public DnsResolver resolver() {
        return host -> {
            InetAddress[] all = InetAddress.getAllByName(host);
            InetAddress[] allowed = Arrays.stream(all).filter(this::addressAllowed).toArray(InetAddress[]::new);
            if (allowed.length == 0) {
                throw new AddressNotAllowedException(host);
            }
            return allowed;
        };
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                try {
                    return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
