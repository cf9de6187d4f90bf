package org.openenos.connectivity;

import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.TopicRoute;

/**
 * Devices connected to other server nodes of a cluster. A single node has none ({@link #NONE}); a cluster attaches
 * its router with {@link Connectivity#attachRemoteDevices}, so commands, OTA pushes and alert actions reach a device
 * on whichever node holds its connection, and the device's replies find the node that sent the command.
 */
public interface RemoteDevices {
    RemoteDevices NONE = new RemoteDevices() {
        @Override
        public boolean publish(String productKey, String deviceKey, String topic, byte[] payload) {
            return false;
        }

        @Override
        public void replied(DeviceRef device, TopicRoute route, DeviceReply reply) {
        }
    };

    /** Hands the message to the node holding the device's connection; false when no node holds one. */
    boolean publish(String productKey, String deviceKey, String topic, byte[] payload);

    /** A device connected here replied; the command may have been sent by another node. */
    void replied(DeviceRef device, TopicRoute route, DeviceReply reply);
}
