package org.openenos.model.validation;

/** One broken rule: the JSON path of the offending field and the rule it breaks. */
public record Violation(String field, String rule) {
    @Override
    public String toString() {
        return field + ": " + rule;
    }
}
