package io.github.kcrecovery.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Random;

/**
 * Free loopback ports, for servers and as addresses where nothing listens. Other worktrees run servers at the same
 * time, so tests never rely on a fixed port.
 */
public final class Ports {

    private static final Random RANDOM = new Random();

    private Ports() {
    }

    public static int free() {
        return preferred(0);
    }

    /** {@code port} if nothing listens on it yet, otherwise a free one; 0 means any free port. */
    static int preferred(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            if (port == 0) {
                throw new UncheckedIOException(e);
            }
            return free();
        }
    }

    /** A free port whose neighbour 100 above is free too: JGroups opens its failure-detection socket there. */
    static int freeJgroupsPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = 20000 + RANDOM.nextInt(30000);
            try (ServerSocket first = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket second = new ServerSocket(port + 100, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port pair for JGroups");
    }
}
