package org.openenos.connectivity.command;

/**
 * Command states with their EnOS numbers (reference §6.2). [U] The reference lists the names only; we read
 * "released" as handed to the device's connection and "sent" as acknowledged by the device with code 200.
 */
public enum CommandState {
    CREATED(1), CANCELED(2), EXPIRED(3), RELEASED(4), SENT(5), FAILED(6), REPLY_TIMEOUT(7);

    private final int code;

    CommandState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isFinal() {
        return this == CANCELED || this == EXPIRED || this == SENT || this == FAILED || this == REPLY_TIMEOUT;
    }
}
