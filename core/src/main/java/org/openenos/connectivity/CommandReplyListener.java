package org.openenos.connectivity;

import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.TopicRoute;

/** Receives what devices answer on the {@code _reply} topics of downstream commands. */
@FunctionalInterface
public interface CommandReplyListener {
    void onReply(DeviceRef device, TopicRoute route, DeviceReply reply);
}
