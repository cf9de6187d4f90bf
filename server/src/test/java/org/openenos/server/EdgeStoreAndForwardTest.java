package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.edge.app.EdgeApplication;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.modbus.ModbusSimulator;
import tools.jackson.databind.JsonNode;

/**
 * The edge against the real server: a Modbus device whose register counts its reads, an edge that forwards it as a
 * sub-device of its gateway, and a TCP proxy between edge and server that is pulled while the edge keeps polling and
 * is restarted. Every count must be stored exactly once: nothing lost in the outage, nothing doubled by the replay.
 */
class EdgeStoreAndForwardTest extends ServerTestBase {
    @Autowired
    ApplicationContext applicationContext;

    @Test
    void everySampleReachesTheServerExactlyOnceAcrossAnOutageAndAnEdgeRestart() throws Exception {
        Tenant t = newTenant();
        EdgeFixture edgeSide = EdgeFixture.create(t, "edge_meter", "count");
        JsonNode meter = edgeSide.subDevice();

        int mqttPort = applicationContext.getBean(MqttGateway.class).port();
        try (ModbusSimulator slave = new ModbusSimulator(0).countReadsAt(0).start(); TcpProxy proxy = new TcpProxy(mqttPort)) {
            String yaml = edgeSide.localPart(proxy.port(), "edge-e2e", ", requestTimeoutMillis: 5000", "") + """
                    connections:
                      - {id: plc, type: MODBUS_TCP, host: 127.0.0.1, port: %d}
                    devices:
                      - id: meter
                        connection: plc
                        productKey: %s
                        deviceKey: %s
                        deviceSecret: %s
                        pollIntervalMillis: 50
                        points: [{id: c, area: HOLDING_REGISTER, address: 0, type: UINT16}]
                        template: {measurepoints: [{measurepoint: count, input: c}]}
                    """.formatted(slave.port(), edgeSide.deviceProductKey(), meter.path("deviceKey").asString(),
                    meter.path("deviceSecret").asString());
            EdgeConfig config = EdgeFixture.parse(yaml);

            EdgeApplication edge = EdgeApplication.start(config);
            await(() -> edge.runtime().status().cloudState().startsWith("online"));
            Thread.sleep(1000);
            proxy.pull();
            await(() -> edge.runtime().status().bufferDepth() > 10);
            edge.close();                                   // the edge restarts during the outage
            EdgeApplication restarted = EdgeApplication.start(config);
            await(() -> restarted.runtime().status().bufferDepth() > 30);
            proxy.restore();
            await(() -> restarted.runtime().status().cloudState().startsWith("online")
                    && restarted.runtime().status().bufferDepth() == 0);
            Thread.sleep(1000);
            restarted.close();
            long polled = slave.requests();

            List<Long> stored = stored(t, meter.path("assetId").asString());
            assertThat(stored).as("no sample stored twice").doesNotHaveDuplicates();
            assertThat(stored).as("every count from the first stored one to the last, none lost")
                    .containsExactlyElementsOf(range(stored.getFirst(), stored.getLast()));
            assertThat(stored.size()).as("polled %d times", polled).isGreaterThan(60);
            assertThat(stored.getLast()).isGreaterThanOrEqualTo(polled - 2);
        }
    }

    private List<Long> stored(Tenant t, String assetId) {
        var r = t.app().post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), Map.of("modelId", "edge_meter",
                "assetIds", assetId, "pointIds", "count", "startTime", "2000-01-01T00:00:00Z",
                "endTime", "2100-01-01T00:00:00Z", "pageSize", 100_000, "withQuality", true));
        assertThat(r.ok()).as(r.toString()).isTrue();
        List<Long> values = new ArrayList<>();
        for (JsonNode item : r.data().path("items")) {
            // EnOS item format 0 keys the value by the point id.
            JsonNode value = item.has("count") ? item.path("count") : item.path("value");
            assertThat(value.isNumber()).as(item.toString()).isTrue();
            values.add(Math.round(value.asDouble()));
        }
        values.sort(Long::compare);
        return values;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    private static void await(BooleanSupplier condition) {
        EdgeFixture.await(Duration.ofSeconds(60), Duration.ofMillis(50), condition);
    }

    /**
     * A TCP relay that can be pulled. Pulling first stops relaying edge-to-server bytes, waits for replies already
     * under way to reach the edge, then drops the connections: the server never sees half a request, so whatever it
     * stored was also acknowledged, which makes "exactly once" a deterministic property of the edge.
     */
    static final class TcpProxy implements AutoCloseable {
        private final int target;
        private final ServerSocket listener;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile boolean upstreamOpen = true;
        private volatile boolean accepting = true;

        TcpProxy(int target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().start(this::acceptLoop);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    if (!accepting) {
                        client.close();
                        continue;
                    }
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(server);
                    Thread.ofPlatform().daemon().start(() -> pump(client, server, true));
                    Thread.ofPlatform().daemon().start(() -> pump(server, client, false));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void pump(Socket from, Socket to, boolean upstream) {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (upstream && !upstreamOpen) {
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection dropped
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        void pull() throws InterruptedException {
            accepting = false;
            upstreamOpen = false;
            Thread.sleep(1000);
            sockets.forEach(TcpProxy::closeQuietly);
            sockets.clear();
        }

        void restore() {
            upstreamOpen = true;
            accepting = true;
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            sockets.forEach(TcpProxy::closeQuietly);
        }
    }
}
