package org.openenos.connectivity.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryTelemetryIngest;

/**
 * What a connection may do before and after its login, over real sockets: subscriptions only to the device's own
 * topics, nothing before CONNECT, and a CONNECT within a deadline from accept.
 */
class MqttAccessControlTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MqttGateway gateway;
    private InMemoryTelemetryIngest ingest;

    private void start(MqttGatewayConfig config) {
        ingest = new InMemoryTelemetryIngest();
        gateway = new MqttGateway(config.withHost("127.0.0.1").withPlainPort(0), Fixtures.directory(), ingest,
                meters).start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aDeviceIsGrantedItsOwnTopicsAndRefusedEveryOtherFilter() throws Exception {
        start(MqttGatewayConfig.defaults());
        try (Socket socket = loggedIn("dev1")) {
            int[] codes = subscribe(socket, 7,
                    "/sys/pkInv/dev1/thing/measurepoint/post_reply",
                    "/sys/pkInv/dev2/thing/measurepoint/post_reply",
                    "/sys/pkInv/+/thing/measurepoint/post_reply",
                    "/sys/+/dev1/#",
                    "#",
                    "/ext/session/pkInv/dev1/combine/login_reply",
                    "/ext/session/pkInv/gw1/combine/login_reply",
                    "/sys/pkInv/dev1/#");
            assertThat(codes).containsExactly(1, 0x80, 0x80, 0x80, 0x80, 1, 0x80, 1);
        }
    }

    @Test
    void aPublishBeforeConnectClosesTheConnectionAndStoresNothing() throws Exception {
        start(MqttGatewayConfig.defaults());
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(RawMqtt.publishQos0("/sys/pkInv/dev1/thing/measurepoint/post",
                    ("{\"id\":\"1\",\"version\":\"1.1\",\"method\":\"thing.measurepoint.post\","
                            + "\"params\":{\"measurepoints\":{\"power\":1}}}").getBytes(StandardCharsets.UTF_8)));
            assertThat(RawMqtt.readUntilClosed(socket)).as("closed without an answer").isZero();
        }
        assertThat(ingest.values()).isEmpty();
    }

    @Test
    void aClientTricklingAnEndlessConnectIsClosedAtTheDeadlineFromAccept() throws Exception {
        start(MqttGatewayConfig.defaults().withConnectTimeoutSeconds(1));
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            long accepted = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(new byte[]{0x10, (byte) 0xFF, 0x7F}); // a CONNECT announcing 16 KB that never come
            boolean closed = false;
            // one byte every 200 ms keeps an idle timeout from ever firing; only the deadline ends this
            while (!closed && System.nanoTime() - accepted < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(200);
                try {
                    out.write('x');
                    out.flush();
                    socket.setSoTimeout(1);
                    closed = socket.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing to read yet: still open
                } catch (IOException reset) {
                    closed = true;
                }
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - accepted);
            assertThat(closed).as("closed by the server").isTrue();
            assertThat(elapsed).isBetween(800L, 2500L);
        }
        assertThat(meters.counter("openenos.mqtt.connect.deadline.expired").count()).isEqualTo(1);
    }

    @Test
    void theConnectDeadlineIsTenSecondsByDefault() {
        assertThat(MqttGatewayConfig.defaults().connectTimeoutSeconds()).isEqualTo(10);
    }

    @Test
    void aLoggedInDeviceOutlivesTheConnectDeadline() throws Exception {
        start(MqttGatewayConfig.defaults().withConnectTimeoutSeconds(1));
        try (Socket socket = loggedIn("dev1")) {
            Thread.sleep(1500);
            socket.getOutputStream().write(new byte[]{(byte) 0xC0, 0}); // PINGREQ
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.readUnsignedByte()).as("PINGRESP").isEqualTo(0xD0);
        }
    }

    private Socket loggedIn(String deviceKey) throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(RawMqtt.connect(Fixtures.PRODUCT, deviceKey, "secret-" + deviceKey));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] connAck = new byte[4];
        in.readFully(connAck);
        assertThat(connAck[0] & 0xFF).as("CONNACK").isEqualTo(0x20);
        assertThat(connAck[3]).as("accepted").isZero();
        return socket;
    }

    /** Sends one SUBSCRIBE (QoS 1 for each filter) and returns the SUBACK's return codes. */
    private static int[] subscribe(Socket socket, int packetId, String... filters) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId & 0xFF);
        for (String filter : filters) {
            byte[] bytes = filter.getBytes(StandardCharsets.UTF_8);
            body.write(bytes.length >> 8);
            body.write(bytes.length & 0xFF);
            body.writeBytes(bytes);
            body.write(1);
        }
        socket.getOutputStream().write(RawMqtt.frame(0x82, body.toByteArray()));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        assertThat(in.readUnsignedByte()).as("SUBACK").isEqualTo(0x90);
        int length = in.readUnsignedByte();
        assertThat(in.readUnsignedShort()).isEqualTo(packetId);
        int[] codes = new int[length - 2];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = in.readUnsignedByte();
        }
        return codes;
    }
}
