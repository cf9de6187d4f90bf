package org.openenos.error;

/** The one error type of the platform: a stable code and a message that tells the caller what to fix. */
public class OpenEnosException extends RuntimeException {
    private final ErrorCode code;

    public OpenEnosException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public OpenEnosException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static OpenEnosException badArgument(String message) {
        return new OpenEnosException(ErrorCode.BAD_ARGUMENT, message);
    }

    public static OpenEnosException notFound(ErrorCode code, String what) {
        return new OpenEnosException(code, what + " not found");
    }

    public static OpenEnosException forbidden(String message) {
        return new OpenEnosException(ErrorCode.FORBIDDEN, message);
    }
}
