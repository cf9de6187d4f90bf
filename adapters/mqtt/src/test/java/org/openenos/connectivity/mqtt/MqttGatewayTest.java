package org.openenos.connectivity.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.command.CommandRecord;
import org.openenos.connectivity.command.CommandState;
import org.openenos.connectivity.command.InvokeServiceRequest;
import org.openenos.model.MeasurePointValue;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.SignMethod;
import org.openenos.testkit.Await;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryDeviceDirectory;
import org.openenos.testkit.InMemoryTelemetryIngest;
import org.openenos.testkit.MqttTestDevice;

class MqttGatewayTest {
    private static final String TS = "1700000000000";
    private final MessageCodec codec = new MessageCodec();
    private InMemoryDeviceDirectory directory;
    private InMemoryTelemetryIngest ingest;
    private MqttGateway gateway;

    @BeforeEach
    void start() {
        directory = Fixtures.directory();
        ingest = new InMemoryTelemetryIngest();
        gateway = new MqttGateway(MqttGatewayConfig.defaults().withHost("127.0.0.1").withPlainPort(0), directory,
                ingest, new SimpleMeterRegistry()).start();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** The testkit's device, with replies decoded by the protocol codec and messages as topic → payload. */
    private final class Device implements AutoCloseable {
        final MqttTestDevice device;
        final MqttClient client;

        Device(String productKey, String deviceKey, String secret) throws MqttException {
            device = MqttTestDevice.connect(gateway.port(), productKey, deviceKey, secret);
            client = device.client();
        }

        DeviceReply request(String topic, String json) throws Exception {
            device.publish(topic, json);
            Map.Entry<String, String> reply = next(topic + "_reply");
            return codec.decodeReply(reply.getValue().getBytes(StandardCharsets.UTF_8));
        }

        Map.Entry<String, String> next(String topic) throws InterruptedException {
            MqttTestDevice.Message message = device.next(m -> m.topic().equals(topic), Duration.ofSeconds(5),
                    "a message on " + topic);
            return Map.entry(message.topic(), message.payload());
        }

        @Override
        public void close() throws MqttException {
            device.close();
        }
    }

    private static String post(String id, String measurepoints) {
        return "{\"id\":\"" + id + "\",\"version\":\"1.1\",\"method\":\"thing.measurepoint.post\",\"params\":{\"measurepoints\":"
                + measurepoints + ",\"time\":1700000000000}}";
    }

    @Test
    void signedLoginIsAcceptedAndMarksTheDeviceOnline() throws Exception {
        try (Device device = new Device(Fixtures.PRODUCT, "dev1", "secret-dev1")) {
            assertThat(device.client.isConnected()).isTrue();
            assertThat(directory.deviceByAsset("asset-dev1").orElseThrow().status().name()).isEqualTo("online");
        }
    }

    @Test
    void wrongSignIsRefusedWithBadCredentials() {
        assertThatThrownBy(() -> new Device(Fixtures.PRODUCT, "dev1", "wrong"))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isIn((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION,
                                (int) MqttException.REASON_CODE_NOT_AUTHORIZED));
    }

    @Test
    void measurepointPostIsAcknowledgedWithTheSameIdOnceIngested() throws Exception {
        try (Device device = new Device(Fixtures.PRODUCT, "dev1", "secret-dev1")) {
            device.client.subscribe("/sys/pkInv/dev1/thing/measurepoint/post_reply", 1);
            DeviceReply reply = device.request("/sys/pkInv/dev1/thing/measurepoint/post", post("41", "{\"power\":12.5}"));
            assertThat(reply.id()).isEqualTo("41");
            assertThat(reply.code()).isEqualTo(200);
            MeasurePointValue value = ingest.values().getFirst();
            assertThat(value.assetId()).isEqualTo("asset-dev1");
            assertThat(value.pointId()).isEqualTo("power");
            assertThat(value.value()).isEqualTo(12.5);
            assertThat(value.time()).isEqualTo(1700000000000L);
        }
    }

    @Test
    void invalidJsonIsAnsweredWith1220() throws Exception {
        try (Device device = new Device(Fixtures.PRODUCT, "dev1", "secret-dev1")) {
            assertThat(device.request("/sys/pkInv/dev1/thing/measurepoint/post", "{not json").code()).isEqualTo(1220);
        }
    }

    @Test
    void unknownMeasurepointIsRefusedAndNothingIsIngested() throws Exception {
        try (Device device = new Device(Fixtures.PRODUCT, "dev1", "secret-dev1")) {
            DeviceReply reply = device.request("/sys/pkInv/dev1/thing/measurepoint/post", post("5", "{\"nope\":1}"));
            assertThat(reply.code()).isIn(1204, 1206);
            assertThat(reply.id()).isEqualTo("5");
            assertThat(ingest.values()).isEmpty();
        }
    }

    @Test
    void methodThatDoesNotMatchTheTopicIsAnsweredWith1260() throws Exception {
        try (Device device = new Device(Fixtures.PRODUCT, "dev1", "secret-dev1")) {
            String json = "{\"id\":\"9\",\"method\":\"thing.attribute.update\",\"params\":{\"measurepoints\":{}}}";
            assertThat(device.request("/sys/pkInv/dev1/thing/measurepoint/post", json).code()).isEqualTo(1260);
        }
    }

    @Test
    void oversizedPayloadIsAnsweredWith1008() throws Exception {
        try (Device device = new Device(Fixtures.PRODUCT, "dev1", "secret-dev1")) {
            String big = post("6", "{\"power\":1}") + " ".repeat(600 * 1024);
            assertThat(device.request("/sys/pkInv/dev1/thing/measurepoint/post", big).code()).isEqualTo(1008);
            assertThat(ingest.values()).isEmpty();
        }
    }

    @Test
    void publishingOnAnotherDevicesTopicIsRefused() throws Exception {
        try (Device device = new Device(Fixtures.PRODUCT, "dev1", "secret-dev1")) {
            DeviceReply reply = device.request("/sys/pkInv/dev2/thing/measurepoint/post", post("7", "{\"power\":1}"));
            assertThat(reply.code()).isEqualTo(1009);
            assertThat(reply.id()).isEqualTo("7");
            assertThat(ingest.values()).isEmpty();
        }
    }

    @Test
    void gatewayPostsForASubDeviceAfterLoggingItIn() throws Exception {
        try (Device gw = new Device(Fixtures.GATEWAY_PRODUCT, "gw1", "secret-gw1")) {
            String before = gw.request("/sys/pkInv/sub1/thing/measurepoint/post", post("1", "{\"power\":1}")).code() + "";
            assertThat(before).isEqualTo("1212");
            String sign = DeviceSigner.sign(Map.of("clientId", "c1", "deviceKey", "sub1", "productKey", "pkInv",
                    "timestamp", TS), "secret-sub1", SignMethod.SHA256);
            String login = "{\"id\":\"2\",\"method\":\"combine.login\",\"params\":{\"productKey\":\"pkInv\",\"deviceKey\":\"sub1\","
                    + "\"clientId\":\"c1\",\"timestamp\":\"" + TS + "\",\"signMethod\":\"sha256\",\"sign\":\"" + sign
                    + "\",\"secureMode\":\"2\"}}";
            DeviceReply loginReply = gw.request("/ext/session/pkGw/gw1/combine/login", login);
            assertThat(loginReply.code()).isEqualTo(200);
            assertThat(loginReply.data()).isEqualTo(Map.of("productKey", "pkInv", "deviceKey", "sub1",
                    "assetId", "asset-sub1"));
            DeviceReply reply = gw.request("/sys/pkInv/sub1/thing/measurepoint/post", post("3", "{\"power\":2}"));
            assertThat(reply.code()).isEqualTo(200);
            assertThat(ingest.values()).extracting(MeasurePointValue::assetId).containsExactly("asset-sub1");
        }
    }

    @Test
    void serviceInvocationReachesADeviceThatNeverSubscribedAndItsReplyCompletesTheCommand() throws Exception {
        try (Device device = new Device(Fixtures.PRODUCT, "dev1", "secret-dev1")) {
            var pending = gateway.commands().invokeService(new InvokeServiceRequest(Fixtures.PRODUCT, "dev1", "reboot",
                    Map.of("code", 3), 0, 10));
            Map.Entry<String, String> command = device.next("/sys/pkInv/dev1/thing/service/reboot");
            var request = codec.decodeRequest(command.getValue().getBytes(StandardCharsets.UTF_8));
            assertThat(request.method()).isEqualTo("thing.service.reboot");
            assertThat(request.params()).isEqualTo(Map.of("code", 3));
            String reply = "{\"id\":\"" + request.id() + "\",\"code\":200,\"data\":{\"result\":\"done\"},\"message\":\"\"}";
            device.client.publish(command.getKey() + "_reply", reply.getBytes(StandardCharsets.UTF_8), 0, false);
            CommandRecord record = pending.get(5, TimeUnit.SECONDS);
            assertThat(record.state()).isEqualTo(CommandState.SENT);
            assertThat(record.outputData()).isEqualTo(Map.of("result", "done"));
        }
    }

    @Test
    void commandForAnOfflineDeviceIsDeliveredWhenItConnects() throws Exception {
        CommandRecord cached = gateway.commands().invokeService(new InvokeServiceRequest(Fixtures.PRODUCT, "dev1",
                "reboot", Map.of("code", 1), 60, 10)).get(5, TimeUnit.SECONDS);
        assertThat(cached.state()).isEqualTo(CommandState.CREATED);
        try (Device device = new Device(Fixtures.PRODUCT, "dev1", "secret-dev1")) {
            var request = codec.decodeRequest(device.next("/sys/pkInv/dev1/thing/service/reboot").getValue()
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(request.id()).isEqualTo(cached.commandId());
            assertThat(gateway.commands().get(cached.commandId()).orElseThrow().state()).isEqualTo(CommandState.RELEASED);
        }
    }

    @Test
    void aSecondLoginOfTheSameDeviceClosesTheFirstConnection() throws Exception {
        try (Device first = new Device(Fixtures.PRODUCT, "dev1", "secret-dev1");
             Device second = new Device(Fixtures.PRODUCT, "dev1", "secret-dev1")) {
            Await.atMost(Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(20))
                    .lastOf(first.client::isConnected, connected -> !connected);
            assertThat(first.client.isConnected()).isFalse();
            assertThat(second.client.isConnected()).isTrue();
        }
    }
}
