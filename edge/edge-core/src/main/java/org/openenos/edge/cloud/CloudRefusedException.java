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

    /**
     * Whether the request itself is wrong, so that sending it again can never succeed: a malformed or invalid
     * payload (EnOS 1008, 1204, 1206, 1220, 1251, 1260, 99400) or a 4xx code other than 401, 408 and 429. Anything
     * else (server errors, throttling, a session that is not ready, codes not known here) may pass on a retry.
     */
    public boolean isPermanent() {
        return switch (code) {
            case 1008, 1204, 1206, 1220, 1251, 1260, 99400 -> true;
            case 401, 408, 429 -> false;
            default -> code >= 400 && code < 500;
        };
    }
}
