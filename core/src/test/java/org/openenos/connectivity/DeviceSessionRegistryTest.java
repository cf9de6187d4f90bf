package org.openenos.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
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
}
