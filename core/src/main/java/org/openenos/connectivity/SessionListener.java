package org.openenos.connectivity;

/**
 * Told when a device's session on this node opens or ends, directly or as a sub-device logged in through a gateway;
 * a cluster keeps its connection directory (device → node) with it. Called after the session change, outside the
 * registry's locks; a listener must not block for long.
 */
public interface SessionListener {
    /** The device is now reachable through this node; {@code direct} is false for a sub-device behind a gateway. */
    void opened(DeviceRef device, boolean direct);

    /** The device is no longer reachable through this node (a replaced session does not count). */
    void closed(DeviceRef device, boolean direct);
}
