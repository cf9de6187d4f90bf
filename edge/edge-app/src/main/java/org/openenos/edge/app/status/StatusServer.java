package org.openenos.edge.app.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.openenos.edge.runtime.EdgeStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local status endpoint on the JDK HTTP server: {@code /health} (200 when the cloud session is online and every
 * field connection and device answers, else 503 with the problems), {@code /status} (connections, per-device read statistics, buffer depth, last cloud contact) and
 * {@code /metrics} in Prometheus text format. Bound to loopback by default: it is for the site engineer.
 */
public final class StatusServer implements AutoCloseable {
    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();

    public StatusServer(String bindAddress, int port, Supplier<EdgeStatus> status, PrometheusMeterRegistry metrics)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(Thread.ofPlatform().name("edge-status").daemon().factory()));
        server.createContext("/health", exchange -> {
            EdgeStatus s = status.get();
            send(exchange, s.healthy() ? 200 : 503, "application/json",
                    json.writeValueAsBytes(java.util.Map.of("status", s.healthy() ? "UP" : "DEGRADED",
                            "cloud", s.cloudState(), "problems", s.problems())));
        });
        server.createContext("/status", exchange -> send(exchange, 200, "application/json",
                json.writerWithDefaultPrettyPrinter().writeValueAsBytes(status.get())));
        server.createContext("/metrics", exchange -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape().getBytes(StandardCharsets.UTF_8)));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(code, body.length);
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
