package org.openenos.connectivity.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.NettyRuntime;
import io.netty.util.internal.SystemPropertyUtil;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.command.CommandRecord;
import org.openenos.connectivity.command.CommandState;
import org.openenos.connectivity.command.InvokeServiceRequest;
import org.openenos.model.DeviceStatus;
import org.openenos.testkit.Await;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryDeviceDirectory;
import org.openenos.testkit.InMemoryTelemetryIngest;

/** The status write of a login is blocking work: it must not hold up the event loop nor lose its order. */
class MqttLoginOffEventLoopTest {
    private static final byte[] CONNACK_ACCEPTED = {0x20, 0x02, 0x00, 0x00};
    private final InMemoryDeviceDirectory directory = Fixtures.directory();
    private MqttGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start() {
        gateway = new MqttGateway(MqttGatewayConfig.defaults().withHost("127.0.0.1").withPlainPort(0), directory,
                new InMemoryTelemetryIngest(), new SimpleMeterRegistry()).start();
    }

    @Test
    void aBlockedStatusWriteDelaysOnlyItsOwnConnackNotThoseOfConnectionsOnTheSameEventLoop() throws Exception {
        // as many fast devices as the gateway has event loops: channels are spread round-robin, so one shares a loop
        int loops = Math.max(1, SystemPropertyUtil.getInt("io.netty.eventLoopThreads",
                NettyRuntime.availableProcessors() * 2));
        for (int i = 0; i < loops; i++) {
            directory.add(Fixtures.device(Fixtures.PRODUCT, "fast" + i, true, true, null));
        }
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        directory.beforeStatusWrite((assetId, online) -> {
            if (assetId.equals("asset-dev1") && online) {
                writing.countDown();
                await(release);
            }
        });
        start();
        try (Socket slow = connect("dev1")) {
            assertThat(writing.await(5, TimeUnit.SECONDS)).as("the slow status write started").isTrue();
            for (int i = 0; i < loops; i++) {
                try (Socket fast = connect("fast" + i)) {
                    long started = System.nanoTime();
                    assertThat(read(fast, 4, 2000)).as("CONNACK of fast%d", i).containsExactly(CONNACK_ACCEPTED);
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2000);
                }
            }
            assertThat(read(slow, 1, 200)).as("no CONNACK before the status is written").isNull();
            release.countDown();
            assertThat(read(slow, 4, 5000)).containsExactly(CONNACK_ACCEPTED);
            assertThat(status("asset-dev1")).isEqualTo(DeviceStatus.online);
        } finally {
            release.countDown();
        }
    }

    @Test
    void afterABurstOfLoginsAndTakeoversTheStatusFollowsTheLastSessionAndEndsOfflineWhenAllClose() throws Exception {
        // slow, jittered writes let logins and closes of the same device overlap on the worker threads
        directory.beforeStatusWrite((assetId, online) -> sleep(ThreadLocalRandom.current().nextInt(3)));
        start();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<Socket>> logins = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    logins.add(clients.submit(() -> connect("dev1")));
                }
                for (Future<Socket> login : logins) {
                    sockets.add(login.get(10, TimeUnit.SECONDS));
                }
                // each takeover closes the previous connection; once that settles one session remains, and online
                awaitTrue(() -> gateway.connectivity().sessions().session(Fixtures.PRODUCT, "dev1").isPresent()
                        && sockets.stream().filter(MqttLoginOffEventLoopTest::open).count() == 1);
                assertThat(status("asset-dev1")).as("status after round %d", round).isEqualTo(DeviceStatus.online);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            clients.shutdownNow();
        }
        awaitTrue(() -> gateway.connectivity().sessions().size() == 0);
        awaitTrue(() -> status("asset-dev1") == DeviceStatus.offline);
    }

    @Test
    void aCommandPendingForTheDeviceGoesOutRightAfterTheConnackNeverBeforeIt() throws Exception {
        start();
        CommandRecord pending = gateway.commands().invokeService(new InvokeServiceRequest(Fixtures.PRODUCT, "dev1",
                "reboot", Map.of("code", 1), 60, 10)).get(5, TimeUnit.SECONDS);
        try (Socket device = connect("dev1")) {
            assertThat(read(device, 4, 5000)).as("the first packet").containsExactly(CONNACK_ACCEPTED);
            byte[] header = read(device, 1, 5000);
            assertThat(header).as("then a PUBLISH").isNotNull();
            assertThat(header[0] & 0xF0).isEqualTo(0x30);
            awaitTrue(() -> gateway.commands().get(pending.commandId()).orElseThrow().state()
                    == CommandState.RELEASED);
        }
    }

    private Socket connect(String deviceKey) throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.getOutputStream().write(RawMqtt.connect(Fixtures.PRODUCT, deviceKey, "secret-" + deviceKey));
        return socket;
    }

    /** Whether the server still keeps the connection: closed ones read end of stream (after any DISCONNECT). */
    private static boolean open(Socket socket) {
        try {
            socket.setSoTimeout(50);
            byte[] buffer = new byte[256];
            while (true) {
                if (socket.getInputStream().read(buffer) < 0) {
                    return false;
                }
            }
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Exactly {@code n} bytes, or null when they did not arrive within the time-out. */
    private static byte[] read(Socket socket, int n, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] bytes = new byte[n];
        try {
            new DataInputStream(socket.getInputStream()).readFully(bytes);
            return bytes;
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private DeviceStatus status(String assetId) {
        return directory.deviceByAsset(assetId).orElseThrow().status();
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Await.atMost(Duration.ofSeconds(10)).until("condition", condition::getAsBoolean);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
