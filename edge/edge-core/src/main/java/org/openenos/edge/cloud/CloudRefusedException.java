package org.openenos.edge.cloud;

/** The cloud answered a request with a code other than 200 (EnOS response code, reference §1.4). */
public final class CloudRefusedException extends RuntimeException {
    private final int code;

    public CloudRefusedException(int code, String message) {
        super("cloud replied " + code + (message == null || message.isBlank() ? "" : ": " + message));
        this.code = code;
    }

    public int code() {
        return code;
    }
}
