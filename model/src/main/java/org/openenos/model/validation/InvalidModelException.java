package org.openenos.model.validation;

import java.util.List;
import java.util.stream.Collectors;

/** A thing model, or a value checked against one, broke one or more rules. */
public class InvalidModelException extends RuntimeException {
    private final List<Violation> violations;

    public InvalidModelException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
