package io.github.kcrecovery.sms.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A local gateway on an ephemeral port that records the last request and answers as told. */
final class GatewayStub implements AutoCloseable {

    record Received(String method, String path, String rawQuery, Headers headers, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile int status = 200;
    private volatile String answer = "{}";
    private volatile long delayMillis;
    private volatile Received last;

    GatewayStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            last = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    GatewayStub answer(int status, String body) {
        this.status = status;
        this.answer = body;
        return this;
    }

    GatewayStub delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Received last() {
        return last;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
