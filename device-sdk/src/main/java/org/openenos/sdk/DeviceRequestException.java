package org.openenos.sdk;

import org.openenos.protocol.DeviceReply;

/** The server answered a request with a code other than 200; {@link #code()} is the EnOS response code. */
public class DeviceRequestException extends RuntimeException {
    private final int code;

    public DeviceRequestException(DeviceReply reply) {
        super("request failed with code " + reply.code() + ": " + reply.message());
        this.code = reply.code();
    }

    public int code() {
        return code;
    }
}
