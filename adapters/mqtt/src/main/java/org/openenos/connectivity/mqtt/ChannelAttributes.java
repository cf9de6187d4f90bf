package org.openenos.connectivity.mqtt;

import io.netty.util.AttributeKey;
import org.openenos.connectivity.DeviceSession;

/** Per-connection state shared by the pipeline stages. */
final class ChannelAttributes {
    static final AttributeKey<DeviceSession> SESSION = AttributeKey.valueOf("openenos.session");

    private ChannelAttributes() {
    }
}
