package org.openenos.alerting.expression;

/** A condition that cannot be parsed or does not fit the model; {@code position} is the 0-based offset, or -1. */
public final class ExpressionException extends RuntimeException {
    private final int position;

    public ExpressionException(String message, int position) {
        super(position >= 0 ? message + " at position " + position : message);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
