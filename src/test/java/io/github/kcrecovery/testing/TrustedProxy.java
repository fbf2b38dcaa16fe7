package io.github.kcrecovery.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * The reverse proxy the test server trusts ({@link ServerOptions#TRUSTED_PROXY}): a TCP relay on 127.0.0.1 whose
 * connections reach the server from the trusted address, so the {@code X-Forwarded-For} a client sends is the client
 * address the server counts. Bytes pass unchanged; the client names its address itself (see
 * {@link TestEnvironment#browserFrom}). Started on first use, it lives as long as its environment.
 */
final class TrustedProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress server;

    TrustedProxy(String serverBaseUrl) {
        URI uri = URI.create(serverBaseUrl);
        server = new InetSocketAddress(uri.getHost(), uri.getPort());
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("trusted-proxy", this::accept);
    }

    /** Where clients connect, without a trailing slash. */
    String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                upstream.bind(new InetSocketAddress(InetAddress.getByName(ServerOptions.TRUSTED_PROXY), 0));
                upstream.connect(server, 10_000);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // the listener closed, or one connection failed: the client sees its connection end
            }
        }
    }

    /** Copies {@code from}'s bytes to {@code to} until either side closes, then closes both. */
    private static void pipe(Socket from, Socket to) {
        daemon("trusted-proxy-pipe", () -> {
            try (from; to; InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the other direction closed the sockets
            }
        });
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
