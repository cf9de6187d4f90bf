package org.openenos.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openenos.model.DeviceStatus;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryDeviceDirectory;

/** What a cluster needs of the session registry: session changes told, and a takeover that keeps the status. */
class SessionTakeoverAcrossNodesTest {
    private final InMemoryDeviceDirectory directory = Fixtures.directory();
    private final DeviceSessionRegistry registry = new DeviceSessionRegistry(directory, Clock.systemUTC());
    private final DeviceRef dev1 = DeviceRef.of(directory.device(Fixtures.PRODUCT, "dev1").orElseThrow());
    private final List<String> changes = new ArrayList<>();

    SessionTakeoverAcrossNodesTest() {
        registry.onSessionChange(new SessionListener() {
            @Override
            public void opened(DeviceRef device, boolean direct) {
                changes.add("opened " + device.deviceKey() + (direct ? "" : " via gateway"));
            }

            @Override
            public void closed(DeviceRef device, boolean direct) {
                changes.add("closed " + device.deviceKey() + (direct ? "" : " via gateway"));
            }
        });
    }

    @Test
    void aLoginOnAnotherNodeClosesTheSessionHereWithoutWritingTheDeviceOffline() {
        DeviceSessionRegistryTest.FakeLink link = new DeviceSessionRegistryTest.FakeLink();
        DeviceSession session = new DeviceSession(dev1, false, link);
        registry.open(session);

        assertThat(registry.closeTakenOver(Fixtures.PRODUCT, "dev1")).isTrue();
        assertThat(link.closed).isTrue();
        // the transport then ends the session, as it does for every closed connection
        registry.close(session);

        assertThat(registry.isOnline(Fixtures.PRODUCT, "dev1")).isFalse();
        assertThat(directory.deviceByAsset("asset-dev1").orElseThrow().status()).isEqualTo(DeviceStatus.online);
        assertThat(registry.closeTakenOver(Fixtures.PRODUCT, "dev1")).as("nothing left to close").isFalse();
    }

    @Test
    void sessionChangesAreToldOnceAndAReplacedSessionIsNotToldClosed() {
        DeviceSession first = new DeviceSession(dev1, false, new DeviceSessionRegistryTest.FakeLink());
        DeviceSession second = new DeviceSession(dev1, false, new DeviceSessionRegistryTest.FakeLink());
        registry.open(first);
        registry.open(second);
        registry.close(first);
        registry.close(second);
        assertThat(changes).containsExactly("opened dev1", "opened dev1", "closed dev1");
    }

    @Test
    void subDevicesAreToldAsReachableThroughTheGateway() {
        DeviceRef gw = DeviceRef.of(directory.device(Fixtures.GATEWAY_PRODUCT, "gw1").orElseThrow());
        DeviceRef sub = DeviceRef.of(directory.device(Fixtures.PRODUCT, "sub1").orElseThrow());
        DeviceSession gateway = new DeviceSession(gw, true, new DeviceSessionRegistryTest.FakeLink());
        registry.open(gateway);
        registry.attachSubDevice(gateway, sub);
        registry.close(gateway);
        assertThat(changes).containsExactly("opened gw1", "opened sub1 via gateway", "closed sub1 via gateway",
                "closed gw1");
    }
}
