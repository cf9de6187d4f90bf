package org.openenos.edge.field;

/** A field write the device refused or never answered; the message is sent back as the command reply. */
public final class FieldWriteException extends RuntimeException {
    public FieldWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
