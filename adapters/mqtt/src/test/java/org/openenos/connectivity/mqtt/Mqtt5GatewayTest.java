package org.openenos.connectivity.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.command.CommandRecord;
import org.openenos.connectivity.command.CommandState;
import org.openenos.connectivity.command.InvokeServiceRequest;
import org.openenos.model.MeasurePointValue;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.MessageCodec;
import org.openenos.testkit.DeviceSigns;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryTelemetryIngest;

/** The gateway with MQTT 5 clients (Eclipse Paho v5) over real sockets: the same EnOS protocol, v5 reason codes. */
class Mqtt5GatewayTest {
    private static final String TS = "1700000000000";
    private static final String POST = "/sys/pkInv/dev1/thing/measurepoint/post";
    private final MessageCodec codec = new MessageCodec();
    private InMemoryTelemetryIngest ingest;
    private MqttGateway gateway;

    @BeforeEach
    void start() {
        ingest = new InMemoryTelemetryIngest();
        gateway = new MqttGateway(MqttGatewayConfig.defaults().withHost("127.0.0.1").withPlainPort(0),
                Fixtures.directory(), ingest, new SimpleMeterRegistry()).start();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** An MQTT 5 device that records what it receives, subscribed or not, and how the server disconnected it. */
    private final class Device5 implements MqttCallback, AutoCloseable {
        final MqttAsyncClient client;
        final IMqttToken connected;
        final BlockingQueue<Map.Entry<String, String>> received = new LinkedBlockingQueue<>();
        final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();

        Device5(String deviceKey, String secret) throws MqttException {
            client = new MqttAsyncClient("tcp://127.0.0.1:" + gateway.port(), DeviceSigns.clientId(deviceKey, 2, TS),
                    new MemoryPersistence());
            client.setCallback(this);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(deviceKey + "&" + Fixtures.PRODUCT);
            options.setPassword(DeviceSigns.password(deviceKey, Fixtures.PRODUCT, deviceKey, TS, secret)
                    .getBytes(StandardCharsets.UTF_8));
            options.setConnectionTimeout(5);
            options.setSessionExpiryInterval(3600L);
            options.setAutomaticReconnect(false);
            connected = client.connect(options);
            connected.waitForCompletion(5000);
        }

        IMqttToken publish(String topic, String json, int qos) throws MqttException {
            IMqttToken token = client.publish(topic, json.getBytes(StandardCharsets.UTF_8), qos, false);
            token.waitForCompletion(5000);
            return token;
        }

        DeviceReply reply(String topic) throws InterruptedException {
            return codec.decodeReply(next(topic + "_reply").getValue().getBytes(StandardCharsets.UTF_8));
        }

        Map.Entry<String, String> next(String topic) throws InterruptedException {
            while (true) {
                Map.Entry<String, String> message = received.poll(5, TimeUnit.SECONDS);
                assertThat(message).as("a message on " + topic).isNotNull();
                if (message.getKey().equals(topic)) {
                    return message;
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnected.complete(response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(Map.entry(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5000);
            }
            client.close();
        }
    }

    private static String post(String id, double power) {
        return "{\"id\":\"" + id + "\",\"version\":\"1.1\",\"method\":\"thing.measurepoint.post\",\"params\":"
                + "{\"measurepoints\":{\"power\":" + power + "},\"time\":1700000000000}}";
    }

    @Test
    void anMqtt5LoginIsAcceptedAndTheConnackStatesTheServersLimits() throws Exception {
        try (Device5 device = new Device5("dev1", "secret-dev1")) {
            assertThat(device.client.isConnected()).isTrue();
            MqttProperties connack = device.connected.getResponseProperties();
            assertThat(connack.getMaximumQoS()).isEqualTo(1);
            assertThat(connack.getTopicAliasMaximum()).isEqualTo(16);
            assertThat(connack.getReceiveMaximum()).isEqualTo(64);
            // no session state is kept, whatever expiry the client asked for
            assertThat(connack.getSessionExpiryInterval()).isZero();
            assertThat(gateway.connectivity().sessions().isOnline(Fixtures.PRODUCT, "dev1")).isTrue();
        }
    }

    @Test
    void measurepointPostsAreAcknowledgedWithReasonSuccessAndAnsweredOnTheReplyTopic() throws Exception {
        try (Device5 device = new Device5("dev1", "secret-dev1")) {
            for (int i = 1; i <= 3; i++) {
                // after the first publish the client may send the topic as an alias only: the server resolves it
                IMqttToken token = device.publish(POST, post(Integer.toString(i), i), 1);
                assertThat(token.getReasonCodes()).containsExactly(0);
                DeviceReply reply = device.reply(POST);
                assertThat(reply.id()).isEqualTo(Integer.toString(i));
                assertThat(reply.code()).isEqualTo(200);
            }
            assertThat(ingest.values()).extracting(MeasurePointValue::value).containsExactly(1.0, 2.0, 3.0);
        }
    }

    @Test
    void aPublishOnAnotherDevicesTopicGetsPubackNotAuthorizedAndReply1009() throws Exception {
        try (Device5 device = new Device5("dev1", "secret-dev1")) {
            String foreign = "/sys/pkInv/dev2/thing/measurepoint/post";
            IMqttToken token = device.publish(foreign, post("9", 1), 1);
            assertThat(token.getReasonCodes()).containsExactly(0x87);
            assertThat(token.getResponseProperties().getReasonString()).startsWith("1009");
            assertThat(device.reply(foreign).code()).isEqualTo(1009);
            assertThat(ingest.values()).isEmpty();
        }
    }

    @Test
    void aSubscribeToAnotherDevicesTopicGetsSubackNotAuthorized() throws Exception {
        try (Device5 device = new Device5("dev1", "secret-dev1")) {
            IMqttToken token = device.client.subscribe(new MqttSubscription[]{
                    new MqttSubscription(POST + "_reply", 1),
                    new MqttSubscription("/sys/pkInv/dev2/thing/measurepoint/post_reply", 1)});
            token.waitForCompletion(5000);
            assertThat(token.getReasonCodes()).containsExactly(1, 0x87);
        }
    }

    @Test
    void invalidJsonGetsPubackPayloadFormatInvalid() throws Exception {
        try (Device5 device = new Device5("dev1", "secret-dev1")) {
            IMqttToken token = device.publish(POST, "{not json", 1);
            assertThat(token.getReasonCodes()).containsExactly(0x99);
            assertThat(device.reply(POST).code()).isEqualTo(1220);
        }
    }

    @Test
    void aWrongSignIsRefusedWithReasonBadUserNameOrPassword() {
        assertThatThrownBy(() -> new Device5("dev1", "not-the-secret").close())
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        assertThat(gateway.connectivity().sessions().isOnline(Fixtures.PRODUCT, "dev1")).isFalse();
    }

    @Test
    void aServiceCallReachesAnMqtt5DeviceAndItsReplyCompletesTheCommand() throws Exception {
        try (Device5 device = new Device5("dev1", "secret-dev1")) {
            var pending = gateway.commands().invokeService(new InvokeServiceRequest(Fixtures.PRODUCT, "dev1", "reboot",
                    Map.of("code", 3), 0, 10));
            Map.Entry<String, String> command = device.next("/sys/pkInv/dev1/thing/service/reboot");
            var request = codec.decodeRequest(command.getValue().getBytes(StandardCharsets.UTF_8));
            assertThat(request.method()).isEqualTo("thing.service.reboot");
            assertThat(request.params()).isEqualTo(Map.of("code", 3));
            device.publish(command.getKey() + "_reply", "{\"id\":\"" + request.id()
                    + "\",\"code\":200,\"data\":{\"result\":\"done\"}}", 1);
            CommandRecord record = pending.get(5, TimeUnit.SECONDS);
            assertThat(record.state()).isEqualTo(CommandState.SENT);
            assertThat(record.outputData()).isEqualTo(Map.of("result", "done"));
        }
    }

    @Test
    void aSecondLoginDisconnectsTheFirstMqtt5SessionWithSessionTakenOver() throws Exception {
        try (Device5 first = new Device5("dev1", "secret-dev1");
             Device5 second = new Device5("dev1", "secret-dev1")) {
            MqttDisconnectResponse response = first.disconnected.get(5, TimeUnit.SECONDS);
            assertThat(response.getReturnCode()).isEqualTo(0x8E);
            assertThat(second.client.isConnected()).isTrue();
            assertThat(second.publish(POST, post("1", 5), 1).getReasonCodes()).containsExactly(0);
        }
    }
}
