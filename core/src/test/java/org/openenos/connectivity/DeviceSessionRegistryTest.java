package org.openenos.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.openenos.model.DeviceStatus;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryDeviceDirectory;

class DeviceSessionRegistryTest {
    private final InMemoryDeviceDirectory directory = Fixtures.directory();
    private final DeviceSessionRegistry registry = new DeviceSessionRegistry(directory, Clock.systemUTC());
    private final DeviceRef dev1 = DeviceRef.of(directory.device(Fixtures.PRODUCT, "dev1").orElseThrow());

    static final class FakeLink implements DeviceLink {
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void send(String topic, byte[] payload) {
        }

        @Override
        public void close() {
            closed.set(true);
        }

        @Override
        public boolean secure() {
            return false;
        }
    }

    @Test
    void aSecondLoginClosesThePreviousConnectionAndKeepsTheDeviceOnline() {
        FakeLink first = new FakeLink();
        FakeLink second = new FakeLink();
        DeviceSession old = new DeviceSession(dev1, false, first);
        registry.open(old);
        registry.open(new DeviceSession(dev1, false, second));
        assertThat(first.closed).isTrue();
        registry.close(old);
        assertThat(registry.linkTo(Fixtures.PRODUCT, "dev1")).contains(second);
        assertThat(directory.deviceByAsset("asset-dev1").orElseThrow().status()).isEqualTo(DeviceStatus.online);
    }

    @Test
    void subDevicesAreReachedThroughTheirGatewayUntilItDisconnects() {
        DeviceRef gw = DeviceRef.of(directory.device(Fixtures.GATEWAY_PRODUCT, "gw1").orElseThrow());
        DeviceRef sub = DeviceRef.of(directory.device(Fixtures.PRODUCT, "sub1").orElseThrow());
        FakeLink link = new FakeLink();
        DeviceSession gateway = new DeviceSession(gw, true, link);
        registry.open(gateway);
        registry.attachSubDevice(gateway, sub);
        assertThat(registry.linkTo(Fixtures.PRODUCT, "sub1")).contains(link);
        assertThat(gateway.speaksFor(Fixtures.PRODUCT, "sub1")).contains(sub);
        registry.close(gateway);
        assertThat(registry.isOnline(Fixtures.PRODUCT, "sub1")).isFalse();
        assertThat(directory.deviceByAsset("asset-sub1").orElseThrow().status()).isEqualTo(DeviceStatus.offline);
    }

    @Test
    void aSubDeviceThatMovedToAnotherGatewayStaysOnlineWhenTheFormerGatewayDisconnects() {
        directory.add(Fixtures.device(Fixtures.GATEWAY_PRODUCT, "gw2", true, true, null));
        DeviceRef sub = DeviceRef.of(directory.device(Fixtures.PRODUCT, "sub1").orElseThrow());
        DeviceSession first = new DeviceSession(DeviceRef.of(directory.device(Fixtures.GATEWAY_PRODUCT, "gw1")
                .orElseThrow()), true, new FakeLink());
        DeviceSession second = new DeviceSession(DeviceRef.of(directory.device(Fixtures.GATEWAY_PRODUCT, "gw2")
                .orElseThrow()), true, new FakeLink());
        registry.open(first);
        registry.open(second);
        registry.attachSubDevice(first, sub);
        registry.attachSubDevice(second, sub);
        registry.close(first);
        assertThat(registry.linkTo(Fixtures.PRODUCT, "sub1")).contains(second.link());
        assertThat(directory.deviceByAsset("asset-sub1").orElseThrow().status()).isEqualTo(DeviceStatus.online);
    }

    @Test
    void concurrentLoginsAndClosesOfOneDeviceLeaveTheStoredStatusMatchingTheLastSession() throws Exception {
        // jittered writes make the threads overlap between the session change and the status write
        directory.beforeStatusWrite((assetId, online) -> {
            if (ThreadLocalRandom.current().nextBoolean()) {
                Thread.yield();
                LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(200_000));
            }
        });
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int round = 0; round < 50; round++) {
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    boolean closeAgain = i % 2 == 0;
                    work.add(threads.submit(() -> {
                        DeviceSession session = new DeviceSession(dev1, false, new FakeLink());
                        registry.open(session);
                        if (closeAgain) {
                            registry.close(session);
                        }
                    }));
                }
                for (Future<?> f : work) {
                    f.get(10, TimeUnit.SECONDS);
                }
                DeviceStatus expected = registry.isOnline(Fixtures.PRODUCT, "dev1") ? DeviceStatus.online
                        : DeviceStatus.offline;
                assertThat(directory.deviceByAsset("asset-dev1").orElseThrow().status())
                        .as("round %d", round).isEqualTo(expected);
            }
        }
    }
}
