package org.openenos.edge.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.edge.config.MappingConfig;
import org.openenos.edge.field.Sample;

/**
 * Turns a device's raw samples into model measure points with the mappings of its template, compiled once.
 * A mapping whose inputs were not read in this cycle (another poll group, a subscription that has not fired yet)
 * produces nothing rather than a guess.
 */
public final class TemplateMapper {
    private record Compiled(String measurepoint, List<String> inputs, Formula formula, Map<String, Object> params,
                            Expression expression) {
    }

    private final List<Compiled> mappings = new ArrayList<>();

    public TemplateMapper(List<MappingConfig> configs) {
        for (MappingConfig c : configs) {
            Expression expression = c.expression() == null ? null : Expression.parse(c.expression());
            List<String> inputs = expression == null ? c.inputs() : List.copyOf(expression.variables());
            mappings.add(new Compiled(c.measurepoint(), inputs, c.formula(), c.params(), expression));
        }
    }

    public Map<String, Sample> map(Map<String, Sample> raw) {
        Map<String, Sample> out = new LinkedHashMap<>();
        for (Compiled m : mappings) {
            List<Sample> inputs = new ArrayList<>(m.inputs.size());
            for (String input : m.inputs) {
                Sample sample = raw.get(input);
                if (sample != null) {
                    inputs.add(sample);
                }
            }
            if (inputs.size() < m.inputs.size() || inputs.isEmpty() && m.formula != Formula.INVALID) {
                continue;
            }
            Sample result = m.expression != null ? evaluate(m.expression, inputs, m.inputs) : m.formula.apply(inputs, m.params);
            if (result != null) {
                out.put(m.measurepoint, result);
            }
        }
        return out;
    }

    static Sample evaluate(Expression expression, List<Sample> inputs, List<String> names) {
        long time = inputs.stream().mapToLong(Sample::time).max().orElse(System.currentTimeMillis());
        if (inputs.stream().anyMatch(s -> !s.isGood())) {
            return Sample.bad(time);
        }
        double value = expression.evaluate(name -> inputs.get(names.indexOf(name)).asDouble());
        return Double.isFinite(value) ? Sample.good(value, time) : Sample.bad(time);
    }

    /** Evaluates an expression over already named samples (calculated points). */
    public static Sample evaluate(Expression expression, Map<String, Sample> samples) {
        List<String> names = List.copyOf(expression.variables());
        List<Sample> inputs = new ArrayList<>();
        for (String name : names) {
            Sample s = samples.get(name);
            if (s == null) {
                return null;
            }
            inputs.add(s);
        }
        return evaluate(expression, inputs, names);
    }
}
