package io.github.kcrecovery.outbound;

import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP client for calls to gateways: no redirects (an answer to judge, not to follow), no proxy from system
 * properties, pooled connections, and each call bounded as a whole (a server that trickles its answer a byte at a
 * time is cut off at the deadline). With {@link OutboundRules#resolver()} a connection only ever opens to an address
 * that was checked; the TLS certificate is still verified against the URL's host name.
 */
public final class OutboundHttp implements AutoCloseable {

    /** Gateways answer a few hundred bytes; more is cut off (and then is no valid JSON). */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    /** What came back: the status and the start of the body. */
    public record Answer(int status, String body) {
    }

    /** The call ran past its deadline; a {@link SocketTimeoutException} so that it classifies as a timeout. */
    public static final class DeadlineExceededException extends SocketTimeoutException {
        DeadlineExceededException(Duration deadline) {
            super("no complete answer within " + deadline.toMillis() + " ms");
        }
    }

    /** The URL's host is not one the server lists for realm-chosen URLs. */
    public static final class HostNotAllowedException extends IOException {
        HostNotAllowedException(String host) {
            super("host " + host + " is not allowed");
        }
    }

    private final CloseableHttpClient client;
    private final OutboundRules rules;

    /**
     * @param rules the rules for realm-chosen URLs: hosts, addresses (checked as connections open) and the longest
     *              timeout; null for URLs the server admin configured
     */
    public OutboundHttp(OutboundRules rules, int maxConnections) {
        this.rules = rules;
        DnsResolver resolver = rules == null ? SystemDefaultDnsResolver.INSTANCE : rules.resolver();
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", SSLConnectionSocketFactory.getSocketFactory())
                        .build(),
                null, null, resolver, 60, TimeUnit.SECONDS);
        connections.setMaxTotal(maxConnections);
        connections.setDefaultMaxPerRoute(maxConnections);
        client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /**
     * Runs the request; the whole call, connecting included, ends by {@code deadline} (at most the rules' longest
     * timeout).
     *
     * @throws IOException as the client raised it, {@link HostNotAllowedException},
     *                     {@link OutboundRules.AddressNotAllowedException} or {@link DeadlineExceededException}
     */
    public Answer execute(HttpRequestBase request, Duration connectTimeout, Duration deadline) throws IOException {
        if (rules != null) {
            if (!rules.hostAllowed(request.getURI())) {
                throw new HostNotAllowedException(request.getURI().getHost());
            }
            deadline = deadline.compareTo(rules.maxTimeout()) > 0 ? rules.maxTimeout() : deadline;
        }
        int deadlineMs = (int) Math.min(Integer.MAX_VALUE, deadline.toMillis());
        request.setConfig(RequestConfig.custom()
                .setConnectTimeout((int) Math.min(deadlineMs, connectTimeout.toMillis()))
                .setConnectionRequestTimeout(deadlineMs)
                .setSocketTimeout(deadlineMs)
                .setRedirectsEnabled(false)
                .build());
        AtomicBoolean expired = new AtomicBoolean();
        CompletableFuture<Void> timer = new CompletableFuture<>();
        timer.completeOnTimeout(null, deadlineMs, TimeUnit.MILLISECONDS).thenRun(() -> {
            expired.set(true);
            request.abort();
        });
        try (CloseableHttpResponse response = client.execute(request)) {
            return new Answer(response.getStatusLine().getStatusCode(), read(response.getEntity()));
        } catch (IOException e) {
            if (expired.get()) {
                throw new DeadlineExceededException(Duration.ofMillis(deadlineMs));
            }
            throw e;
        } finally {
            timer.cancel(false);
        }
    }

    private static String read(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            return new String(in.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
