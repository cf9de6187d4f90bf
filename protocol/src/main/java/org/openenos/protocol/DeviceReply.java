package org.openenos.protocol;

/** A reply {@code {id, code, data, message}}; the id echoes the request's id unchanged (reference §2). */
public record DeviceReply(String id, int code, Object data, String message) {

    public static DeviceReply ok(String id, Object data) {
        return new DeviceReply(id, ResponseCodes.SUCCESS, data, "");
    }

    public static DeviceReply error(String id, int code, String message) {
        return new DeviceReply(id, code, null, message);
    }

    public boolean isSuccess() {
        return ResponseCodes.isSuccess(code);
    }

    public DeviceReply withId(String newId) {
        return new DeviceReply(newId, code, data, message);
    }
}
