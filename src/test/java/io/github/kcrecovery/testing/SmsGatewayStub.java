package io.github.kcrecovery.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one fake HTTP service of the tests and the benchmark, above all the SMS gateway: records every request and
 * answers with the queued responses, then with the standing answer ({@link #DEFAULT_RESPONSE}, 200
 * {@code {"status":"OK"}}, what the test servers' {@code http} sender expects, unless {@link #respondAlways} or
 * {@link #respondWith} set another). Requests under {@link #HANG_PATH} are recorded and never answered until
 * {@link #releaseHanging()}: a gateway that hangs.
 */
public final class SmsGatewayStub implements AutoCloseable {

    public static final Response DEFAULT_RESPONSE = new Response(200, "{\"status\":\"OK\"}", Duration.ZERO);
    /** Path prefix of requests that get no answer (until {@link #releaseHanging()} or a minute has passed). */
    public static final String HANG_PATH = "/hang";

    /** One request as the gateway saw it. Header names are case-insensitive. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** An answer to give; {@code delay} is waited before answering. */
    public record Response(int status, String body, Duration delay) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new ArrayList<>();
    private final Queue<Response> nextResponses = new ConcurrentLinkedQueue<>();
    private final List<Consumer<Request>> listeners = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Response> standing = request -> DEFAULT_RESPONSE;
    private volatile CountDownLatch hanging = new CountDownLatch(1);
    private int answered;

    /** A second gateway (or any local HTTP service a test needs) on a free loopback port; close it after use. */
    public static SmsGatewayStub startOnFreePort() {
        return new SmsGatewayStub(Ports.free());
    }

    SmsGatewayStub(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        // a delayed answer must not hold up other requests
        server.setExecutor(executor);
        server.start();
    }

    /** E.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next request with this response (responses queue up in order). */
    public void respondNext(int status, String body) {
        respondNext(new Response(status, body, Duration.ZERO));
    }

    public void respondNext(Response response) {
        nextResponses.add(response);
    }

    /** Answers every request not answered by a queued response with {@code response}, until {@link #clear()}. */
    public void respondAlways(Response response) {
        respondWith(request -> response);
    }

    /** Answers every request not answered by a queued response as {@code responder} says, until {@link #clear()}. */
    public void respondWith(Function<Request, Response> responder) {
        standing = responder;
    }

    /** Also hands every request to {@code listener} as it arrives (e.g. a load driver picking up codes). */
    public void onRequest(Consumer<Request> listener) {
        listeners.add(listener);
    }

    /**
     * Lets every request held under {@link #HANG_PATH} go, and the later ones too, until {@link #clear()}: their
     * connections close without an answer.
     */
    public void releaseHanging() {
        hanging.countDown();
    }

    /** Waits until a request matching {@code which} arrived, and returns the first such. */
    public synchronized Request awaitRequest(Predicate<Request> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Request> found = requests.stream().filter(which).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching SMS gateway request within " + timeout + "; got " + requests.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Forgets recorded requests, queued responses and the standing answer. */
    public synchronized void clear() {
        if (hanging.getCount() == 0) {
            hanging = new CountDownLatch(1);
        }
        requests.clear();
        nextResponses.clear();
        standing = request -> DEFAULT_RESPONSE;
        answered = 0;
    }

    /** The requests received so far, oldest first. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests got their answer so far (a delayed answer counts once its delay is over). */
    public synchronized int answered() {
        return answered;
    }

    /** The latest request, or null when none came. */
    public synchronized Request lastRequest() {
        return requests.isEmpty() ? null : requests.get(requests.size() - 1);
    }

    /**
     * The requests once none arrived for {@code quiet}: the server sends SMS after its response, so a request
     * may still be on its way when the page has answered.
     */
    public synchronized List<Request> settled(Duration quiet) {
        int seen = -1;
        while (seen != requests.size()) {
            seen = requests.size();
            try {
                wait(quiet.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return List.copyOf(requests);
    }

    /** Waits until at least {@code count} requests arrived, and returns them all. */
    public synchronized List<Request> awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " SMS gateway request(s) within " + timeout
                        + ", got " + requests.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            record(request);

            if (exchange.getRequestURI().getPath().startsWith(HANG_PATH)) {
                hanging.await(1, TimeUnit.MINUTES);
                return;
            }
            Response response = nextResponses.poll();
            if (response == null) {
                response = standing.apply(request);
            }
            Thread.sleep(response.delay().toMillis());
            synchronized (this) {
                answered++;
            }
            byte[] answer = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the sender gave up (read timeout) before the delayed answer: expected in timeout tests
        }
    }

    private void record(Request request) {
        listeners.forEach(listener -> listener.accept(request));
        synchronized (this) {
            requests.add(request);
            notifyAll();
        }
    }

    @Override
    public void close() {
        releaseHanging();
        server.stop(0);
        executor.shutdownNow();
    }
}
