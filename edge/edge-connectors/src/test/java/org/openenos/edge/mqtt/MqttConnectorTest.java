package org.openenos.edge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.ConnectionType;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.Sample;
import org.openenos.edge.modbus.ModbusSimulator;

/** Devices publishing JSON to a Moquette broker started by the test; the edge subscribes and maps with JSONPath. */
class MqttConnectorTest {
    @TempDir
    Path dir;
    private int port;
    private Server broker;
    private MqttClient device;
    private MqttConnector connector;

    static RawPointConfig point(String id, String topic, String jsonPath, String timePath) {
        return new RawPointConfig(id, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, topic, jsonPath, timePath);
    }

    static final List<RawPointConfig> POINTS = List.of(point("p", "plant/+/meter1", "$.meter.p", "$.ts"),
            point("on", "plant/+/meter1", "$.meter.on", null),
            point("t", "plant/line1/temp", "$.readings[0].value", "$.readings[0].at"));
    static final DeviceConfig METER = new DeviceConfig("meter1", "broker", 1, "pk", "dk", "s", null, null, POINTS,
            null);

    @BeforeEach
    void start() throws Exception {
        port = ModbusSimulator.freePort();
        startBroker();
        connector = new MqttConnector(new ConnectionConfig("broker", ConnectionType.MQTT, "127.0.0.1", port, 2_000,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null), List.of(METER));
        connector.start();
        device = new MqttClient("tcp://127.0.0.1:" + port, "meter1", new MemoryPersistence());
        device.connect();
        until(10, connector::isConnected, c -> c);
        Thread.sleep(200);   // the subscription follows the connect
    }

    private void startBroker() throws Exception {
        Properties props = new Properties();
        props.setProperty("port", String.valueOf(port));
        props.setProperty("host", "127.0.0.1");
        props.setProperty("allow_anonymous", "true");
        props.setProperty("persistence_enabled", "false");
        props.setProperty("data_path", Files.createDirectories(dir.resolve("broker")).toString());
        broker = new Server();
        broker.startServer(new MemoryConfig(props));
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        if (device.isConnected()) {
            device.disconnect();
        }
        device.close();
        broker.stopServer();
    }

    private void publish(String topic, String json) throws Exception {
        device.publish(topic, json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    static <T> T until(int seconds, Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + seconds + " s: " + last);
            }
            Thread.sleep(50);
            last = read.get();
        }
        return last;
    }

    private Map<String, Sample> readWhenAllGood() throws InterruptedException {
        return until(10, () -> connector.read(METER, POINTS), m -> m.values().stream().allMatch(Sample::isGood));
    }

    @Test
    void publishedJsonIsMappedByJsonPathWithThePayloadsTime() throws Exception {
        publish("plant/line1/meter1", "{\"meter\": {\"p\": 12.5, \"on\": true}, \"ts\": 1796600000123}");
        publish("plant/line1/temp", "{\"readings\": [{\"value\": 21, \"at\": \"2026-12-07T03:00:00.250Z\"}]}");

        Map<String, Sample> values = readWhenAllGood();

        assertThat(values.get("p").value()).isEqualTo(12.5);
        assertThat(values.get("p").time()).isEqualTo(1796600000123L);
        assertThat(values.get("on").value()).isEqualTo(true);
        assertThat(values.get("t").value()).isEqualTo(21L);
        assertThat(values.get("t").time()).isEqualTo(java.time.Instant.parse("2026-12-07T03:00:00.250Z").toEpochMilli());
    }

    @Test
    void malformedMessagesAreCountedAndNeverStopTheConnector() throws Exception {
        publish("plant/line1/meter1", "not json at all");
        publish("plant/line1/meter1", "{\"meter\": {}}");
        publish("plant/line1/temp", "{\"readings\": [{\"value\": 1, \"at\": \"yesterday\"}]}");
        until(10, connector::malformedMessages, n -> n >= 4);

        publish("plant/line1/meter1", "{\"meter\": {\"p\": 7, \"on\": false}, \"ts\": 1796600000999}");
        publish("plant/line1/temp", "{\"readings\": [{\"value\": 2.5, \"at\": 1796600000000}]}");

        Map<String, Sample> values = readWhenAllGood();
        assertThat(values.get("p").value()).isEqualTo(7L);
        assertThat(values.get("t").value()).isEqualTo(2.5);
        assertThat(connector.malformedMessages()).as("not JSON (2 points), p missing, on missing, bad time")
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void aTimeOutOfRangeOrAnInvalidPathIsCountedAndTheSubscriptionKeepsRunning() throws Exception {
        connector.close();
        List<RawPointConfig> points = List.of(point("p", "plant/+/meter2", "$.p", "$.ts"),
                point("q", "plant/+/meter2", "$.q[", null));
        DeviceConfig meter = new DeviceConfig("meter2", "broker", 1, "pk", "dk2", "s", null, null, points, null);
        connector = new MqttConnector(new ConnectionConfig("broker", ConnectionType.MQTT, "127.0.0.1", port, 2_000,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null), List.of(meter));
        connector.start();
        until(10, connector::isConnected, c -> c);
        Thread.sleep(200);

        publish("plant/line1/meter2", "{\"p\": 1, \"ts\": \"99999999999999999999999\"}");
        until(10, connector::malformedMessages, n -> n >= 2);
        publish("plant/line1/meter2", "{\"p\": 3, \"ts\": 1796600000999}");

        Sample p = until(10, () -> connector.read(meter, points).get("p"), Sample::isGood);
        assertThat(p.value()).isEqualTo(3L);
        assertThat(connector.stats().unreadableMessages.get()).as("the time out of range, the invalid path twice")
                .isEqualTo(3);
        assertThat(connector.stats().lastError).as("the broker connection was never dropped")
                .doesNotContain("connection lost").contains("$.q[");
    }

    @Test
    void aLostBrokerReadsBadAndValuesFlowAgainAfterTheReconnect() throws Exception {
        publish("plant/line1/meter1", "{\"meter\": {\"p\": 1, \"on\": true}, \"ts\": 1}");
        publish("plant/line1/temp", "{\"readings\": [{\"value\": 1, \"at\": 1}]}");
        readWhenAllGood();

        broker.stopServer();
        Map<String, Sample> down = until(10, () -> connector.read(METER, POINTS),
                m -> m.values().stream().noneMatch(Sample::isGood));
        assertThat(down.values()).allSatisfy(s -> assertThat(s.value()).isNull());

        startBroker();
        until(30, connector::isConnected, c -> c);
        device.close();
        device = new MqttClient("tcp://127.0.0.1:" + port, "meter1", new MemoryPersistence());
        device.connect();
        Thread.sleep(300);
        publish("plant/line1/meter1", "{\"meter\": {\"p\": 2, \"on\": true}, \"ts\": 2}");
        publish("plant/line1/temp", "{\"readings\": [{\"value\": 2, \"at\": 2}]}");
        assertThat(readWhenAllGood().get("p").value()).isEqualTo(2L);
    }
}
