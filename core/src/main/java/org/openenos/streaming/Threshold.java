package org.openenos.streaming;

import java.io.Serializable;
import java.util.Set;

/** Input filter of a window policy: values for which {@code value <method> limit} is false are ignored. */
public record Threshold(String method, double value) implements Serializable {
    private static final Set<String> METHODS = Set.of(">", ">=", "<", "<=", "==", "!=");

    public Threshold {
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + METHODS);
        }
    }

    public boolean accepts(double v) {
        return switch (method) {
            case ">" -> v > value;
            case ">=" -> v >= value;
            case "<" -> v < value;
            case "<=" -> v <= value;
            case "==" -> v == value;
            default -> v != value;
        };
    }
}
