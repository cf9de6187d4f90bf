package org.openenos.sdk;

import org.openenos.protocol.TopicKind;

/**
 * A command the platform pushed to this connection (reference §3.2): its kind, the device it addresses (this device
 * or a sub-device of this gateway), the service id for service invocations, the request id and the params.
 */
public record Command(TopicKind kind, DeviceId device, String serviceId, String id, Object params) {
}
