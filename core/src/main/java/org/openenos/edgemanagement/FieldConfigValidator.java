package org.openenos.edgemanagement;

import java.util.Optional;

/**
 * Checks a field configuration with the edge's own configuration records (ADR 0059), so the cloud refuses exactly
 * what the edge would, with the same message. {@code name} prefixes the message as a file name does on the edge.
 */
@FunctionalInterface
public interface FieldConfigValidator {
    /** Empty when the edge would accept {@code text}, else its message (with line). */
    Optional<String> problem(String text, String name);
}
