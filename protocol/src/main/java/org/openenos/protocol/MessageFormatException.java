package org.openenos.protocol;

/** A payload that is not a well-formed protocol message; {@link #code()} is the reply code to send (1220, 1251). */
public class MessageFormatException extends RuntimeException {
    private final int code;

    public MessageFormatException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
