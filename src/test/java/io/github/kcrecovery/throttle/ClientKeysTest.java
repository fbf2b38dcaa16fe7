package io.github.kcrecovery.throttle;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ClientKeysTest {

    @Test
    void ipv6ClientsCountPerSlash64() {
        assertEquals(ClientKeys.of("2001:db8:1:2:aaaa::1"), ClientKeys.of("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertEquals(ClientKeys.of("2001:db8:1:2::1"), ClientKeys.of("[2001:0db8:0001:0002::7%eth0]"));
        assertNotEquals(ClientKeys.of("2001:db8:1:2::1"), ClientKeys.of("2001:db8:1:3::1"));
    }

    @Test
    void ipv4AddressesAreClientsOfTheirOwn() {
        assertEquals("203.0.113.7", ClientKeys.of("203.0.113.7"));
        assertNotEquals(ClientKeys.of("203.0.113.7"), ClientKeys.of("203.0.113.8"));
        assertEquals("203.0.113.7", ClientKeys.of("::ffff:203.0.113.7"), "an IPv4-mapped address is the IPv4 client");
    }

    @Test
    void oddInputIsItsOwnKey() {
        assertEquals("unknown", ClientKeys.of(null));
        assertEquals("not:an:address:zz", ClientKeys.of("not:an:address:zz"));
    }
}
