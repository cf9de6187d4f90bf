package org.openenos.connectivity.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.Await;
import org.openenos.testkit.DeviceSigns;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryTelemetryIngest;

/** The gateway under hostile or broken clients, over real sockets, while a well-behaved device keeps working. */
class MqttRobustnessTest {
    private static final String TOPIC = "/sys/pkInv/dev1/thing/measurepoint/post";
    private MqttGateway gateway;
    private InMemoryTelemetryIngest ingest;

    private MqttGateway start(MqttGatewayConfig config) {
        ingest = new InMemoryTelemetryIngest();
        gateway = new MqttGateway(config.withHost("127.0.0.1").withPlainPort(0), Fixtures.directory(), ingest,
                new SimpleMeterRegistry()).start();
        return gateway;
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private MqttClient goodDevice(String deviceKey) throws Exception {
        String ts = "1700000000000";
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + gateway.port(), DeviceSigns.clientId(deviceKey, 2, ts),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(deviceKey + "&" + Fixtures.PRODUCT);
        options.setPassword(DeviceSigns.password(deviceKey, Fixtures.PRODUCT, deviceKey, ts, "secret-" + deviceKey)
                .toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        client.connect(options);
        return client;
    }

    private static byte[] post(int id) {
        return ("{\"id\":\"" + id + "\",\"version\":\"1.1\",\"method\":\"thing.measurepoint.post\","
                + "\"params\":{\"measurepoints\":{\"power\":" + id + "}}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void randomAndMutatedFramesForTenSecondsDoNotDisturbAWellBehavedDevice() throws Exception {
        start(MqttGatewayConfig.defaults().withConnectTimeoutSeconds(2));
        MqttClient good = goodDevice("dev1");
        AtomicInteger replies = new AtomicInteger();
        good.subscribe(TOPIC + "_reply", 1, (topic, message) -> replies.incrementAndGet());
        byte[] validConnect = RawMqtt.connect(Fixtures.PRODUCT, "dev2", "secret-dev2");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ExecutorService fuzzers = Executors.newFixedThreadPool(4);
        AtomicInteger attacks = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long seed = 42 + t;
            running.add(fuzzers.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                while (System.nanoTime() < end) {
                    attack(random, validConnect);
                    attacks.incrementAndGet();
                }
                return null;
            }));
        }
        int sent = 0;
        while (System.nanoTime() < end) {
            good.publish(TOPIC, post(++sent), 1, false);
            Thread.sleep(50);
        }
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        fuzzers.shutdown();
        int posted = sent;
        Await.atMost(Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(50))
                .lastOf(replies::get, answered -> answered >= posted);
        // figures for docs/benchmarks.md
        System.out.printf("fuzz: %d hostile connections in 10 s; good device %d/%d posts answered%n", attacks.get(),
                replies.get(), sent);
        assertThat(attacks.get()).as("hostile connections made").isGreaterThan(100);
        assertThat(good.isConnected()).isTrue();
        assertThat(replies.get()).as("every post of the good device answered").isEqualTo(sent);
        assertThat(ingest.values()).hasSizeGreaterThanOrEqualTo(sent);
        good.disconnect();
        Thread.sleep(1100); // let the per-address connect rate window pass
        MqttClient fresh = goodDevice("dev1");
        assertThat(fresh.isConnected()).as("the gateway still accepts logins").isTrue();
        fresh.disconnect();
    }

    /** One hostile connection: random bytes, a mutated or truncated CONNECT, or garbage after a valid login. */
    private void attack(SplittableRandom random, byte[] validConnect) {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(300);
            OutputStream out = socket.getOutputStream();
            switch (random.nextInt(4)) {
                case 0 -> {
                    byte[] noise = new byte[1 + random.nextInt(2048)];
                    random.nextBytes(noise);
                    out.write(noise);
                }
                case 1 -> {
                    byte[] mutated = validConnect.clone();
                    for (int i = 0; i < 1 + random.nextInt(4); i++) {
                        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                    }
                    out.write(mutated);
                }
                case 2 -> out.write(Arrays.copyOf(validConnect, random.nextInt(validConnect.length)));
                default -> {
                    out.write(validConnect);
                    byte[] garbage = new byte[1 + random.nextInt(512)];
                    random.nextBytes(garbage);
                    out.write(RawMqtt.publishQos0("/sys/pkInv/dev2/thing/measurepoint/post", garbage));
                    out.write(garbage);
                }
            }
            out.flush();
            RawMqtt.readUntilClosed(socket);
        } catch (IOException e) {
            // the server closing on us is the expected outcome
        }
    }

    @Test
    void aConnectionThatNeverSendsConnectIsClosedAfterTheTimeout() throws Exception {
        start(MqttGatewayConfig.defaults().withConnectTimeoutSeconds(1));
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            long started = System.nanoTime();
            assertThat(RawMqtt.readUntilClosed(socket)).as("closed by the server").isGreaterThanOrEqualTo(0);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(700L, 4000L);
        }
    }

    @Test
    void aTruncatedConnectIsClosedAfterTheTimeoutWithoutALogin() throws Exception {
        start(MqttGatewayConfig.defaults().withConnectTimeoutSeconds(1));
        byte[] connect = RawMqtt.connect(Fixtures.PRODUCT, "dev2", "secret-dev2");
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(Arrays.copyOf(connect, connect.length / 2));
            assertThat(RawMqtt.readUntilClosed(socket)).as("no CONNACK, just closed").isZero();
        }
        assertThat(gateway.connectivity().sessions().size()).isZero();
    }

    @Test
    void aConnectFloodFromOneAddressIsCutAtTheRateLimit() throws Exception {
        start(MqttGatewayConfig.defaults().withConnectsPerIpPerSecond(20));
        List<Socket> sockets = new ArrayList<>();
        int closed = 0;
        try {
            for (int i = 0; i < 60; i++) {
                Socket socket = new Socket("127.0.0.1", gateway.port());
                socket.setSoTimeout(300);
                sockets.add(socket);
            }
            for (Socket socket : sockets) {
                if (RawMqtt.readUntilClosed(socket) >= 0) {
                    closed++;
                }
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(closed).as("connections beyond 20 in a second are closed at once").isBetween(35, 40);
    }

    @Test
    void connectionsBeyondTheLimitPerAddressAreClosed() throws Exception {
        start(MqttGatewayConfig.defaults().withMaxConnectionsPerIp(5));
        List<Socket> sockets = new ArrayList<>();
        int closed = 0;
        try {
            for (int i = 0; i < 8; i++) {
                Socket socket = new Socket("127.0.0.1", gateway.port());
                socket.setSoTimeout(300);
                sockets.add(socket);
            }
            for (Socket socket : sockets) {
                if (RawMqtt.readUntilClosed(socket) >= 0) {
                    closed++;
                }
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(closed).isEqualTo(3);
    }

    @Test
    void aDeviceCannotPublishFasterThanItsMessageRate() throws Exception {
        start(MqttGatewayConfig.defaults().withMessagesPerDevicePerSecond(50));
        MqttClient device = goodDevice("dev1");
        AtomicInteger replies = new AtomicInteger();
        device.subscribe(TOPIC + "_reply", 1, (topic, message) -> replies.incrementAndGet());
        long started = System.nanoTime();
        for (int i = 1; i <= 200; i++) {
            device.publish(TOPIC, post(i), 0, false);
        }
        Duration left = Duration.ofSeconds(20).minusNanos(System.nanoTime() - started);
        Await.atMost(left.isNegative() ? Duration.ZERO : left).lastOf(replies::get, answered -> answered >= 200);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(replies.get()).as("nothing is lost, only slowed").isEqualTo(200);
        assertThat(elapsedMs).as("200 messages at 50 per second take at least about 3 s").isGreaterThan(2500);
        device.disconnect();
    }
}
