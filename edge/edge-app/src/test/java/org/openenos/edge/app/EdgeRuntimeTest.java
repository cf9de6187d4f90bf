package org.openenos.edge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.edge.cloud.CloudCommand;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edge.modbus.ModbusSimulator;
import org.openenos.edge.testkit.FakeCloudLink;
import org.openenos.testkit.Await;

/** A whole edge (config, Modbus connector, pipeline, forwarder, status endpoint) against a simulated device. */
@SuppressWarnings("unchecked")
class EdgeRuntimeTest {
    @TempDir
    Path dir;
    ModbusSimulator slave;
    FakeCloudLink cloud;
    EdgeApplication edge;

    String yaml() {
        return """
                gateway: {productKey: gwPk, productSecret: gwPs, serialNumber: EDGE-1}
                cloud: {reconnectMinMillis: 50, reconnectMaxMillis: 200}
                buffer: {directory: "%s", maxBytes: 10485760}
                status: {port: 0}
                connections:
                  - {id: plc, type: MODBUS_TCP, host: 127.0.0.1, port: %d, timeoutMillis: 500}
                devices:
                  - id: meter
                    connection: plc
                    productKey: meterPk
                    deviceKey: meter-1
                    deviceSecret: ms
                    pollIntervalMillis: 100
                    points:
                      - {id: u, area: HOLDING_REGISTER, address: 0, type: FLOAT32}
                      - {id: i, area: HOLDING_REGISTER, address: 2, type: INT16, scale: 0.1}
                      - {id: status, area: INPUT_REGISTER, address: 0}
                      - {id: sp, area: HOLDING_REGISTER, address: 10, type: UINT16, scale: 0.5}
                      - {id: reset, area: COIL, address: 1}
                    template:
                      measurepoints:
                        - {measurepoint: voltage, input: u}
                        - {measurepoint: power, expression: "u * i"}
                        - {measurepoint: fault, formula: BIT_N, input: status, params: {n: 2}}
                      calculated:
                        - {measurepoint: power_max, aggregate: MAX, source: power}
                        - {measurepoint: energy, aggregate: INTEGRAL, source: power}
                      rules:
                        - {id: high-voltage, measurepoint: voltage, above: 250, event: overvoltage}
                      controls:
                        - {measurepoint: setpoint, point: sp}
                        - {service: reset, point: reset, value: true}
                """.formatted(dir.resolve("buffer").toString().replace("\\", "/"), slave.port());
    }

    @BeforeEach
    void start() throws Exception {
        slave = new ModbusSimulator(0).start();
        slave.setHolding(0, 0x4366, 0x0000); // 230.0f
        slave.setHolding(2, 50);              // 5.0 A
        slave.setInput(0, 0b100);
        cloud = new FakeCloudLink();
        EdgeConfig config = new EdgeConfigLoader().parse(new ByteArrayInputStream(yaml().getBytes(StandardCharsets.UTF_8)), "edge.yaml");
        edge = new EdgeApplication(config, cloud);
    }

    @AfterEach
    void stop() {
        edge.close();
        slave.close();
    }

    @Test
    void polledRegistersArriveInTheCloudAsMappedAndCalculatedPointsWithQuality() throws Exception {
        await(() -> cloud.posted.size() >= 3);
        UploadItem item = cloud.posted.getLast();
        assertThat(item.productKey()).isEqualTo("meterPk");
        assertThat(item.deviceKey()).isEqualTo("meter-1");
        assertThat(item.measurepoints()).containsOnlyKeys("voltage", "power", "fault", "power_max", "energy");
        assertThat(item.measurepoints().get("voltage")).isEqualTo(Map.of("value", 230.0, "quality", 0));
        assertThat((Map<String, Object>) item.measurepoints().get("power")).containsEntry("value", 1150.0);
        assertThat((Map<String, Object>) item.measurepoints().get("fault")).containsEntry("value", 1L);
        assertThat((Double) ((Map<String, Object>) item.measurepoints().get("energy")).get("value")).isPositive();
        assertThat(cloud.topology).extracting(d -> d.deviceKey()).containsExactly("meter-1");
    }

    @Test
    void aSetMeasurepointCommandBecomesAModbusWriteAndIsAnswered() throws Exception {
        await(cloud::isConnected);
        cloud.command("meterPk", "meter-1", CloudCommand.Kind.SET_MEASUREPOINT, null, Map.of("setpoint", 21.0));
        await(() -> cloud.replies.size() == 1);
        assertThat(cloud.replies.getFirst().code()).isEqualTo(200);
        assertThat(slave.holding(10)).as("21.0 / scale 0.5").isEqualTo(42);

        cloud.command("meterPk", "meter-1", CloudCommand.Kind.INVOKE_SERVICE, "reset", Map.of());
        await(() -> cloud.replies.size() == 2);
        assertThat(cloud.replies.get(1).code()).isEqualTo(200);
        assertThat(slave.coil(1)).isTrue();

        cloud.command("meterPk", "meter-1", CloudCommand.Kind.SET_MEASUREPOINT, null, Map.of("voltage", 1));
        await(() -> cloud.replies.size() == 3);
        assertThat(cloud.replies.get(2).code()).isEqualTo(1101);
        assertThat(cloud.replies.get(2).message()).contains("not controllable");

        slave.stop();
        cloud.command("meterPk", "meter-1", CloudCommand.Kind.SET_MEASUREPOINT, null, Map.of("setpoint", 1.0));
        await(() -> cloud.replies.size() == 4);
        assertThat(cloud.replies.get(3).code()).as("the protocol error goes back").isEqualTo(1102);
        assertThat(cloud.replies.get(3).message()).as("names the device and its connection")
                .startsWith("field device 'meter' on connection 'plc': ");
    }

    @Test
    void aThresholdRuleRaisesItsEventWhileOfflineAndItIsDeliveredAfterReconnect() throws Exception {
        await(cloud::isConnected);
        cloud.goOffline();
        slave.setHolding(0, 0x4382, 0x0000); // 260.0f
        await(() -> edge.runtime().status().pendingEvents() == 1);
        assertThat(cloud.events).isEmpty();
        cloud.goOnline();
        await(() -> cloud.events.size() == 1);
        assertThat(cloud.events.getFirst()).containsEntry("event", "overvoltage").containsEntry("device", "meter-1");
        assertThat((Map<String, Object>) cloud.events.getFirst().get("outputs")).containsEntry("value", 260.0).containsEntry("threshold", 250.0);
    }

    @Test
    void anEventRaisedOfflineSurvivesAnEdgeRestartAndIsDeliveredOnceAfterReconnect() throws Exception {
        await(cloud::isConnected);
        cloud.goOffline();
        slave.setHolding(0, 0x4382, 0x0000); // 260.0f
        await(() -> edge.runtime().status().pendingEvents() == 1);
        slave.setHolding(0, 0x4366, 0x0000); // back to 230.0f, so the restarted edge raises nothing new
        edge.close();

        FakeCloudLink afterRestart = new FakeCloudLink();
        EdgeConfig config = new EdgeConfigLoader().parse(new ByteArrayInputStream(yaml().getBytes(
                StandardCharsets.UTF_8)), "edge.yaml");
        edge = new EdgeApplication(config, afterRestart);
        await(() -> afterRestart.events.size() == 1);
        assertThat(afterRestart.events.getFirst()).containsEntry("event", "overvoltage")
                .containsEntry("device", "meter-1");
        assertThat((Map<String, Object>) afterRestart.events.getFirst().get("outputs")).containsEntry("value", 260.0);
        await(() -> edge.runtime().status().pendingEvents() == 0);
        assertThat(cloud.events).as("nothing reached the old link").isEmpty();
    }

    @Test
    void aVanishedDeviceIsSentWithBadQualityAndTheStatusEndpointShowsIt() throws Exception {
        await(() -> cloud.posted.size() >= 1);
        slave.stop();
        await(() -> cloud.posted.stream().anyMatch(i -> Integer.valueOf(9).equals(((Map<?, ?>) i.measurepoints().get("voltage")).get("quality"))));
        UploadItem bad = cloud.posted.stream().filter(i -> Integer.valueOf(9).equals(((Map<?, ?>) i.measurepoints().get("voltage")).get("quality"))).findFirst().orElseThrow();
        assertThat(((Map<?, ?>) bad.measurepoints().get("voltage")).get("value")).as("no made-up value").isNull();

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + edge.statusPort();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"bufferDepth\"").contains("\"lastCloudContactMillis\"").contains("\"meter-1\"")
                .contains("\"badSamples\"").contains("\"plc\"");
        assertThat(health.body()).contains("cloud");
        assertThat(metrics.body()).contains("edge_buffer_depth").contains("edge_forward_items_total");
        assertThat(edge.runtime().status().devices().getFirst().badSamples()).isPositive();
    }

    @Test
    void healthIsDownWhileTheCloudLinkIsDownAndWhileTheFieldDeviceIsSilentAndUpAgainAfterwards() throws Exception {
        await(() -> edge.runtime().status().healthy());
        assertThat(health()).isEqualTo(200);

        cloud.goOffline();
        await(() -> !edge.runtime().status().healthy());
        assertThat(edge.runtime().status().problems()).anySatisfy(p -> assertThat(p).startsWith("cloud link"));
        assertThat(health()).isEqualTo(503);
        cloud.goOnline();
        await(() -> edge.runtime().status().healthy());

        slave.stop();
        await(() -> edge.runtime().status().problems().stream().anyMatch(p -> p.contains("device 'meter'")));
        assertThat(edge.runtime().status().healthy()).isFalse();
        assertThat(edge.runtime().status().problems())
                .contains("device 'meter' returned no good value in its last poll");
        assertThat(health()).isEqualTo(503);
    }

    int health() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.statusPort()
                + "/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static void await(BooleanSupplier condition) {
        Await.atMost(Duration.ofSeconds(20)).until("condition", condition::getAsBoolean);
    }
}
