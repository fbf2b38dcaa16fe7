package io.github.kcrecovery.outbound;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address literals only: nothing here resolves a name or opens a connection. */
class OutboundRulesTest {

    @Test
    void internalAddressesAreRecognized() throws UnknownHostException {
        for (String internal : new String[] {"127.0.0.1", "127.0.0.2", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "224.0.0.1", "ff02::1",
                "0.0.0.0", "::", "100.64.0.1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "198.18.0.1", "255.255.255.255",
                "64:ff9b::a00:1", "2002:a00:1::1"}) {
            assertTrue(OutboundRules.isInternal(InetAddress.getByName(internal)), internal);
        }
        for (String external : new String[] {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888"}) {
            assertFalse(OutboundRules.isInternal(InetAddress.getByName(external)), external);
        }
    }

    @Test
    void allowedNetworksLetOnlyTheirAddressesThrough() throws UnknownHostException {
        OutboundRules rules = OutboundRules.parse("*", null, "10.0.0.0/24, 127.0.0.1", 1000);

        assertTrue(rules.addressAllowed(InetAddress.getByName("10.0.0.7")));
        assertFalse(rules.addressAllowed(InetAddress.getByName("10.0.1.7")));
        assertTrue(rules.addressAllowed(InetAddress.getByName("127.0.0.1")));
        assertFalse(rules.addressAllowed(InetAddress.getByName("127.0.0.2")));
        assertTrue(rules.addressAllowed(InetAddress.getByName("8.8.8.8")));
    }

    @Test
    void theResolverRefusesALiteralInternalAddress() {
        OutboundRules rules = OutboundRules.parse("*", null, "", 1000);

        assertThrows(OutboundRules.AddressNotAllowedException.class, () -> rules.resolver().resolve("127.0.0.1"));
        assertThrows(OutboundRules.AddressNotAllowedException.class, () -> rules.resolver().resolve("[::1]"));
        assertThrows(OutboundRules.AddressNotAllowedException.class, () -> rules.resolver().resolve("169.254.169.254"));
    }

    @Test
    void hostsMatchByNamePortOrSuffix() {
        OutboundRules rules = OutboundRules.parse("sms.example:443, *.gw.example, API.Other.example", null, null, 1000);

        assertTrue(rules.hostAllowed(URI.create("https://sms.example/send")));
        assertFalse(rules.hostAllowed(URI.create("http://sms.example/send")), "port 80 is not listed");
        assertTrue(rules.hostAllowed(URI.create("https://a.gw.example:8443/x")));
        assertFalse(rules.hostAllowed(URI.create("https://gw.example/x")));
        assertFalse(rules.hostAllowed(URI.create("https://evilgw.example/x")));
        assertTrue(rules.hostAllowed(URI.create("http://api.other.example:9/x")));
        assertFalse(rules.hostAllowed(URI.create("https://sms.example.evil/x")));
    }

    @Test
    void theDefaultHostAppliesWhenNoneAreListed() {
        OutboundRules rules = OutboundRules.parse(" ", "sms.example:443", null, 1000);

        assertTrue(rules.hostAllowed(URI.create("https://sms.example/other/path")));
        assertFalse(rules.hostAllowed(URI.create("https://sms.example:9000/")));
        assertFalse(OutboundRules.parse(null, null, null, 1000).hostAllowed(URI.create("https://sms.example/")));
    }

    @Test
    void badEntriesFailTheServerStart() {
        assertThrows(IllegalArgumentException.class, () -> OutboundRules.parse("http://x", null, null, 1000));
        assertThrows(IllegalArgumentException.class, () -> OutboundRules.parse(null, null, "intranet.example/8", 1000));
        assertThrows(IllegalArgumentException.class, () -> OutboundRules.parse(null, null, "10.0.0.0/33", 1000));
        assertThrows(IllegalArgumentException.class, () -> OutboundRules.parse(null, null, null, 0));
        assertEquals("10.0.0.0/8", OutboundRules.Network.parse("10.0.0.0/8").toString());
    }
}
