package org.openenos.connectivity;

import org.openenos.error.ErrorCode;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.TopicRoute;

/**
 * One authorized request from a device: the session it came on, the parsed topic, the request, and the device the
 * topic addresses ({@code target}: the session's own device or one of its logged-in sub-devices).
 */
public record UpstreamContext(DeviceSession session, TopicRoute route, DeviceRequest request, DeviceRef target) {

    public DeviceReply ok(Object data) {
        return DeviceReply.ok(request.id(), data);
    }

    public DeviceReply error(ErrorCode code, String message) {
        return DeviceReply.error(request.id(), code.enosCode(), message);
    }
}
