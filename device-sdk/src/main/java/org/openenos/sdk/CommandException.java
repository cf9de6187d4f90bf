package org.openenos.sdk;

/** Thrown by a {@link CommandHandler} to answer with a specific code (EnOS user codes are 2000 and above). */
public class CommandException extends RuntimeException {
    private final int code;

    public CommandException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
