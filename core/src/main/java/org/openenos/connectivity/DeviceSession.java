package org.openenos.connectivity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One logged-in device (or gateway) and the sub-devices it has logged in with {@code combine.login}. A gateway
 * publishes with the sub-device's keys in the topic, so authorization asks the session whom it may speak for.
 */
public final class DeviceSession {
    /** Default of sub-devices online per gateway (reference §3.1, combine.login.batch); configurable. */
    public static final int MAX_SUB_DEVICES = 200;

    private final DeviceRef device;
    private final boolean gateway;
    private final DeviceLink link;
    private final Map<String, DeviceRef> subDevices = new ConcurrentHashMap<>();

    public DeviceSession(DeviceRef device, boolean gateway, DeviceLink link) {
        this.device = device;
        this.gateway = gateway;
        this.link = link;
    }

    public DeviceRef device() {
        return device;
    }

    public boolean gateway() {
        return gateway;
    }

    public DeviceLink link() {
        return link;
    }

    /** The device the topic keys name when this session may publish for it: itself or a logged-in sub-device. */
    public Optional<DeviceRef> speaksFor(String productKey, String deviceKey) {
        if (device.is(productKey, deviceKey)) {
            return Optional.of(device);
        }
        return Optional.ofNullable(subDevices.get(DeviceRef.key(productKey, deviceKey)));
    }

    public Collection<DeviceRef> subDevices() {
        return List.copyOf(subDevices.values());
    }

    boolean addSubDevice(DeviceRef subDevice, int max) {
        if (subDevices.size() >= max && !subDevices.containsKey(subDevice.key())) {
            return false;
        }
        subDevices.put(subDevice.key(), subDevice);
        return true;
    }

    boolean removeSubDevice(String productKey, String deviceKey) {
        return subDevices.remove(DeviceRef.key(productKey, deviceKey)) != null;
    }
}
