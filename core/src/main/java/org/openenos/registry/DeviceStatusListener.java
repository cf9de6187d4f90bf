package org.openenos.registry;

import java.time.Instant;
import org.openenos.model.Device;

/** Told when a device goes online or offline, after the registry recorded it; must return quickly. */
@FunctionalInterface
public interface DeviceStatusListener {
    void onStatus(Device device, boolean online, Instant at);

    /**
     * Told just before the registry records the change, for a listener that must not miss a recorded change across a
     * crash (it writes the change ahead and completes it in {@link #onStatus}).
     */
    default void beforeStatus(Device device, boolean online, Instant at) {
    }
}
