package org.openenos.connectivity.mqtt;

import io.netty.util.AttributeKey;
import org.openenos.connectivity.DeviceSession;

/** Per-connection state shared by the pipeline stages. */
final class ChannelAttributes {
    static final AttributeKey<DeviceSession> SESSION = AttributeKey.valueOf("openenos.session");
    /** Set from the CONNECT: the connection speaks MQTT 5 (reason codes, properties) rather than 3.1.1. */
    static final AttributeKey<Boolean> MQTT5 = AttributeKey.valueOf("openenos.mqtt5");
    /** MQTT 5 Maximum Packet Size of the client (§3.1.2.11.4): larger packets to it are dropped, never sent. */
    static final AttributeKey<Integer> CLIENT_MAX_PACKET = AttributeKey.valueOf("openenos.clientMaxPacket");

    private ChannelAttributes() {
    }
}
