package org.openenos.registry;

import java.time.Instant;
import org.openenos.model.Device;

/** Told when a device goes online or offline, after the registry recorded it; must return quickly. */
@FunctionalInterface
public interface DeviceStatusListener {
    void onStatus(Device device, boolean online, Instant at);
}
