package org.openenos.edge.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edge.modbus.ModbusSimulator;
import org.openenos.edge.runtime.DevicePipeline;
import org.openenos.edge.runtime.EdgeRuntime;
import org.openenos.edge.runtime.EdgeStatus;
import org.openenos.edge.testkit.FakeCloudLink;
import org.openenos.testkit.Await;
import org.slf4j.LoggerFactory;

/**
 * Field faults as an operator meets them, against a real Modbus TCP slave: a device that stops answering, and a dead
 * unit among live ones on the same connection.
 */
class FieldFaultsTest {
    @TempDir
    Path dir;
    final ModbusSimulator slave = new ModbusSimulator(0).start();
    final FakeCloudLink cloud = new FakeCloudLink();
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    EdgeApplication edge;

    EdgeApplication start(String devices) throws Exception {
        String yaml = """
                gateway: {productKey: gwPk, productSecret: gwPs, serialNumber: EDGE-1}
                cloud: {reconnectMinMillis: 50, reconnectMaxMillis: 200}
                buffer: {directory: "%s"}
                status: {port: -1}
                connections:
                  - {id: plc, type: MODBUS_TCP, host: 127.0.0.1, port: %d, timeoutMillis: 300}
                devices:
                %s""".formatted(dir.resolve("buffer").toString().replace("\\", "/"), slave.port(), devices.indent(2));
        EdgeConfig config = new EdgeConfigLoader().parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "edge.yaml");
        lines.start();
        ((Logger) LoggerFactory.getLogger(EdgeRuntime.class)).addAppender(lines);
        edge = new EdgeApplication(config, cloud);
        return edge;
    }

    static String device(String id, int unit, int pollMillis) {
        return """
                - id: %s
                  connection: plc
                  unitId: %d
                  productKey: pk
                  deviceKey: %s
                  deviceSecret: s
                  pollIntervalMillis: %d
                  offlineAfterFailedPolls: 3
                  outagePollIntervalMillis: 2000
                  points: [{id: r, area: HOLDING_REGISTER, address: 0, type: UINT16}]
                  template: {measurepoints: [{measurepoint: level, input: r}]}
                """.formatted(id, unit, id, pollMillis);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(EdgeRuntime.class)).detachAppender(lines);
        if (edge != null) {
            edge.close();
        }
        slave.close();
    }

    @Test
    void aDeviceThatStopsAnsweringSendsBadQualityGoesOfflineOnceAndComesBackOnline() throws Exception {
        slave.setHolding(0, 7);
        start(device("m1", 1, 100));
        await(() -> cloud.posted.stream().anyMatch(i -> value(i) != null));
        assertThat(cloud.sessions).containsExactly("login pk/m1");

        slave.silence(1);
        await(() -> cloud.sessions.contains("logout pk/m1"));
        await(() -> cloud.posted.stream().anyMatch(i -> quality(i) == 9));
        UploadItem failed = cloud.posted.stream().filter(i -> quality(i) == 9).findFirst().orElseThrow();
        assertThat(failed.measurepoints().get("level")).as("quality without a value")
                .isEqualTo(nullValueWithQuality(9));
        EdgeStatus.Device status = edge.runtime().status().devices().getFirst();
        assertThat(status.online()).isFalse();
        assertThat(edge.runtime().registry().get("edge.devices.offline").gauge().value()).isEqualTo(1.0);
        assertThat(edge.runtime().status().problems()).anyMatch(p -> p.contains("m1") && p.contains("offline"));
        Thread.sleep(1500);     // more failed polls: no further line, no further logout
        assertThat(warnings()).hasSize(1).first().asString().contains("m1", "stopped answering");
        assertThat(cloud.sessions).containsExactly("login pk/m1", "logout pk/m1");

        slave.revive(1);
        await(() -> edge.runtime().status().devices().getFirst().online());
        await(() -> cloud.sessions.size() == 3);
        assertThat(cloud.sessions).containsExactly("login pk/m1", "logout pk/m1", "login pk/m1");
        assertThat(warnings()).hasSize(2).last().asString().contains("m1", "answers again");
        long posted = cloud.posted.size();
        await(() -> cloud.posted.size() > posted && value(cloud.posted.getLast()) != null);
    }

    @Test
    void aDeadUnitIsPolledAtItsBackOffRateAndDoesNotSlowTheOtherUnitsOfItsConnection() throws Exception {
        start(device("dead", 1, 100) + device("live2", 2, 100) + device("live3", 3, 100));
        await(() -> slave.requests(3) > 5);
        slave.silence(1);
        Thread.sleep(1500);     // the dead unit reaches its outage
        long[] before = {slave.requests(1), slave.requests(2), slave.requests(3)};
        long from = System.nanoTime();
        Thread.sleep(4000);
        double seconds = (System.nanoTime() - from) / 1e9;
        double dead = (slave.requests(1) - before[0]) / seconds;
        double live2 = (slave.requests(2) - before[1]) / seconds;
        double live3 = (slave.requests(3) - before[2]) / seconds;
        System.out.printf("sample rates with unit 1 dead: unit1 %.2f/s, unit2 %.2f/s, unit3 %.2f/s%n", dead, live2, live3);
        assertThat(live2).as("a live unit keeps its 10 samples per second").isGreaterThan(8.5);
        assertThat(live3).as("a live unit keeps its 10 samples per second").isGreaterThan(8.5);
        assertThat(dead).as("the dead unit is tried every 2 s, not every 100 ms").isLessThanOrEqualTo(1.0);
        assertThat(edge.runtime().status().devices()).filteredOn(d -> d.id().equals("dead"))
                .allMatch(d -> !d.online());
    }

    @Test
    void coilsMappedToIntAndEnumPointsAreSentAsOneAndZeroAndAValueThatCannotFitIsReported() throws Exception {
        slave.setCoil(4, true);
        slave.setDiscrete(5, false);
        slave.setHolding(7, 5);
        cloud.types.put("pump", Map.of("running", "INT", "mode", "ENUM", "alarm", "BOOL"));
        Logger pipelineLog = (Logger) LoggerFactory.getLogger(DevicePipeline.class);
        pipelineLog.addAppender(lines);
        try {
            start("""
                    - id: pump
                      connection: plc
                      productKey: pk
                      deviceKey: pump
                      deviceSecret: s
                      pollIntervalMillis: 100
                      points:
                        - {id: run, area: COIL, address: 4}
                        - {id: remote, area: DISCRETE_INPUT, address: 5}
                        - {id: word, area: HOLDING_REGISTER, address: 7}
                      template:
                        measurepoints:
                          - {measurepoint: running, input: run}
                          - {measurepoint: mode, input: remote}
                          - {measurepoint: alarm, input: word}
                    """);
            await(() -> cloud.posted.stream().anyMatch(i -> point(i, "running") instanceof Map<?, ?> m
                    && Long.valueOf(1).equals(m.get("value"))));
            UploadItem item = cloud.posted.getLast();
            assertThat(point(item, "running")).isEqualTo(Map.of("value", 1L, "quality", 0));
            assertThat(point(item, "mode")).isEqualTo(Map.of("value", 0L, "quality", 0));
            assertThat(point(item, "alarm")).as("5 fits no BOOL: a failed reading").isEqualTo(nullValueWithQuality(9));
            assertThat(edge.runtime().status().problems()).anyMatch(p -> p.contains("pump") && p.contains("'5'")
                    && p.contains("BOOL point 'alarm'"));
            Thread.sleep(500);
            assertThat(warnings()).as("said once per point, not per poll").filteredOn(w -> w.contains("'5'"))
                    .hasSize(1);
        } finally {
            pipelineLog.detachAppender(lines);
        }
    }

    private static Object point(UploadItem item, String id) {
        return item.measurepoints().get(id);
    }

    private List<String> warnings() {
        return lines.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static Map<String, Object> nullValueWithQuality(int quality) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("value", null);
        m.put("quality", quality);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Object value(UploadItem item) {
        return item.measurepoints().get("level") instanceof Map<?, ?> m ? m.get("value") : null;
    }

    private static int quality(UploadItem item) {
        return item.measurepoints().get("level") instanceof Map<?, ?> m && m.get("quality") instanceof Number n
                ? n.intValue() : -1;
    }

    private static void await(BooleanSupplier condition) {
        Await.atMost(Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(20)).until("condition", condition::getAsBoolean);
    }
}
