package org.openenos.edge.config;

import java.util.List;
import java.util.Map;
import org.openenos.edge.mapping.Formula;

/**
 * How one model measure point is computed from raw points: a {@link Formula} over {@code inputs} (with its
 * {@code params}), or an {@code expression} over raw point ids. A bare {@code input} is the one-to-one mapping.
 */
public record MappingConfig(String measurepoint, String input, List<String> inputs, Formula formula,
                            Map<String, Object> params, String expression) {
    public MappingConfig {
        Checks.require(measurepoint, "mapping.measurepoint");
        if (input != null) {
            Checks.check(inputs == null, "mapping '" + measurepoint + "' has both input and inputs");
            inputs = List.of(input);
        }
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        params = params == null ? Map.of() : Map.copyOf(params);
        if (expression != null) {
            Checks.check(formula == null, "mapping '" + measurepoint + "' has both formula and expression");
        } else {
            formula = formula == null ? Formula.EQUAL : formula;
            formula.checkArity(measurepoint, inputs.size(), params);
        }
    }
}
