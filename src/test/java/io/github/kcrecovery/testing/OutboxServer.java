package io.github.kcrecovery.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A local web page listing every mail and SMS the demo server sent, newest first. */
final class OutboxServer implements AutoCloseable {

    private final HttpServer server;
    private final MailSink mail;
    private final SmsGatewayStub sms;

    OutboxServer(int port, MailSink mail, SmsGatewayStub sms) {
        this.mail = mail;
        this.sms = sms;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::page);
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/";
    }

    private void page(HttpExchange exchange) throws IOException {
        String html = """
                <!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
                <title>Outbox</title><style>
                body{font-family:sans-serif;margin:2em;max-width:60em}
                article{border:1px solid #ccc;border-radius:4px;padding:.5em 1em;margin:.5em 0}
                pre{white-space:pre-wrap}
                </style></head><body>
                <h1>Outbox</h1><p>Everything the demo Keycloak sent; refreshes every 3 seconds.</p>
                <h2>SMS (%d)</h2>%s<h2>Email (%d)</h2>%s</body></html>
                """.formatted(sms.requests().size(), smsList(), mail.messages().size(), mailList());
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String smsList() {
        return newestFirst(sms.requests()).map(request -> {
            JsonNode json = parse(request.body());
            return json == null
                    ? article("(not JSON)", request.body())
                    : article("To " + json.path("to").asText(), json.path("text").asText());
        }).collect(Collectors.joining());
    }

    private String mailList() {
        return newestFirst(mail.messages()).map(message -> {
            try {
                String to = Stream.of(message.getAllRecipients())
                        .map(a -> ((InternetAddress) a).getAddress()).collect(Collectors.joining(", "));
                return article("To " + to + ": " + message.getSubject(), MailSink.textBody(message));
            } catch (MessagingException e) {
                return article("(unreadable mail)", e.toString());
            }
        }).collect(Collectors.joining());
    }

    private static <T> Stream<T> newestFirst(List<T> items) {
        List<T> reversed = new ArrayList<>(items);
        Collections.reverse(reversed);
        return reversed.stream();
    }

    private static JsonNode parse(String body) {
        try {
            return AdminClient.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String article(String heading, String text) {
        String linked = escape(text).replaceAll("(https?://[^\\s<\"]+)", "<a href=\"$1\">$1</a>");
        return "<article><h3>" + escape(heading) + "</h3><pre>" + linked + "</pre></article>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
