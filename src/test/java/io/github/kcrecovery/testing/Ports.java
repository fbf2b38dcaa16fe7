package io.github.kcrecovery.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports. Other worktrees run servers at the same time, so tests never rely on a fixed port. */
final class Ports {

    private Ports() {
    }

    static int free() {
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
}
