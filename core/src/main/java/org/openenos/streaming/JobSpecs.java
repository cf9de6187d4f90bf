package org.openenos.streaming;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.alerting.expression.Expression;
import org.openenos.alerting.expression.ExpressionException;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.streaming.pipeline.PipelineSpecs;

/**
 * Turns the JSON-shaped config of a job into a {@link JobSpec}, or fails with an error that names the policy and the
 * field ({@code policies[1].windowMinutes: must be a positive number}). Calculated points use the expression language
 * of the alert rules, so one grammar serves both.
 */
public final class JobSpecs {
    private JobSpecs() {
    }

    public static JobSpec parse(TemplateType type, Map<String, Object> config) {
        return switch (type) {
            case TimeWindowAggregation -> windowAggregation(config);
            case MultiPointMerge -> pointMerge(config);
            case ElectricEnergy -> EnergySpecs.parse(config);
            case TreeRollup -> RollupSpecs.parse(config);
            case Custom -> new JobSpec.Custom(PipelineSpecs.parse(config));
        };
    }

    static JobSpec.WindowAggregation windowAggregation(Map<String, Object> config) {
        long latencySeconds = (long) number(config, "latencySeconds", 0, "latencySeconds");
        if (latencySeconds < 0 || latencySeconds > 3600) {
            throw invalid("latencySeconds: must be between 0 and 3600");
        }
        var policies = new ArrayList<JobSpec.WindowPolicy>();
        var outputs = new HashSet<PointRef>();
        List<Map<String, Object>> rows = policies(config);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            String at = "policies[" + i + "].";
            String model = text(row, "modelId", at);
            String input = text(row, "inputPoint", at);
            String output = text(row, "outputPoint", at);
            if (input.equals(output)) {
                throw invalid(at + "outputPoint: must differ from inputPoint");
            }
            if (!outputs.add(new PointRef(model, output))) {
                throw invalid(at + "outputPoint: " + output + " is written by another policy");
            }
            Aggregation aggregation;
            try {
                aggregation = Aggregation.parse(text(row, "aggregation", at));
            } catch (IllegalArgumentException e) {
                throw invalid(at + "aggregation: " + e.getMessage());
            }
            double minutes = number(row, "windowMinutes", -1, at + "windowMinutes");
            if (minutes <= 0 || minutes > 24 * 60 || minutes * 60 != Math.rint(minutes * 60)) {
                throw invalid(at + "windowMinutes: must be a positive number of whole seconds up to one day");
            }
            policies.add(new JobSpec.WindowPolicy(model, input, aggregation, Math.round(minutes * 60_000), output,
                    threshold(row.get("threshold"), at)));
        }
        var spec = new JobSpec.WindowAggregation(latencySeconds * 1000, policies);
        refuseLoops(spec);
        return spec;
    }

    static JobSpec.PointMerge pointMerge(Map<String, Object> config) {
        double refresh = number(config, "attributeRefreshSeconds",
                JobSpec.PointMerge.DEFAULT_ATTRIBUTE_REFRESH_MILLIS / 1000.0, "attributeRefreshSeconds");
        if (refresh < 1 || refresh > 3600) {
            throw invalid("attributeRefreshSeconds: must be between 1 and 3600");
        }
        var policies = new ArrayList<JobSpec.MergePolicy>();
        List<Map<String, Object>> rows = policies(config);
        var outputs = new HashSet<PointRef>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            String at = "policies[" + i + "].";
            String model = text(row, "modelId", at);
            String output = text(row, "outputPoint", at);
            if (!outputs.add(new PointRef(model, output))) {
                throw invalid(at + "outputPoint: " + output + " is written by another policy");
            }
            String source = text(row, "expression", at);
            Expression expression;
            try {
                expression = Expression.parse(source);
            } catch (ExpressionException e) {
                throw invalid(at + "expression: " + e.getMessage());
            }
            var inputs = new LinkedHashSet<PointRef>();
            for (String p : expression.points()) {
                PointRef ref = PointRef.parse(p, model);
                if (!ref.modelId().equals(model)) {
                    throw invalid(at + "expression: ${" + p + "} is not a point of model " + model);
                }
                inputs.add(ref);
            }
            for (String attribute : expression.attributes()) {
                if (attribute.isBlank()) {
                    throw invalid(at + "expression: $attr{} names no attribute");
                }
            }
            if (inputs.isEmpty()) {
                throw invalid(at + "expression: reads no point");
            }
            PointRef self = new PointRef(model, output);
            if (inputs.contains(self)) {
                throw invalid(at + "expression: reads its own output point " + output);
            }
            String trigger = row.get("trigger") == null ? "point" : String.valueOf(row.get("trigger")).trim();
            PointRef triggerPoint = null;
            long frequency = 0;
            switch (trigger) {
                case "point" -> {
                    Object tp = row.get("triggerPoint");
                    if (tp != null && !String.valueOf(tp).isBlank()) {
                        triggerPoint = PointRef.parse(String.valueOf(tp), model);
                        if (triggerPoint.equals(self)) {
                            throw invalid(at + "triggerPoint: may not be the output point");
                        }
                    }
                }
                case "frequency" -> {
                    double seconds = number(row, "frequencySeconds", -1, at + "frequencySeconds");
                    if (seconds < 1) {
                        throw invalid(at + "frequencySeconds: must be at least 1");
                    }
                    frequency = Math.round(seconds * 1000);
                }
                default -> throw invalid(at + "trigger: must be 'point' or 'frequency'");
            }
            policies.add(new JobSpec.MergePolicy(model, output, source, inputs, triggerPoint, frequency));
        }
        var spec = new JobSpec.PointMerge(policies, Math.round(refresh * 1000));
        refuseLoops(spec);
        return spec;
    }

    /** A job whose output feeds its own input would never settle; chaining across policies is fine otherwise. */
    static void refuseLoops(JobSpec spec) {
        for (PointRef out : spec.outputs()) {
            if (spec.inputs().contains(out)) {
                throw invalid("policies: " + out + " is both an input and an output of this job (a loop)");
            }
        }
    }

    private static Threshold threshold(Object value, String at) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(at + "threshold: must be an object {method, value}");
        }
        Object method = map.get("method");
        Object limit = map.get("value");
        if (!(limit instanceof Number n)) {
            throw invalid(at + "threshold.value: must be a number");
        }
        try {
            return new Threshold(String.valueOf(method), n.doubleValue());
        } catch (IllegalArgumentException e) {
            throw invalid(at + "threshold.method: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> policies(Map<String, Object> config) {
        Object value = config == null ? null : config.get("policies");
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER,
                    "config.policies: at least one policy is required");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map)) {
                throw invalid("policies[" + i + "]: must be an object");
            }
        }
        return (List<Map<String, Object>>) list;
    }

    static String text(Map<String, Object> row, String field, String at) {
        Object v = row.get(field);
        if (v == null || String.valueOf(v).isBlank()) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, at + field + ": is required");
        }
        return String.valueOf(v).trim();
    }

    static double number(Map<String, Object> row, String field, double missing, String name) {
        Object v = row.get(field);
        if (v == null) {
            if (missing < 0) {
                throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, name + ": is required");
            }
            return missing;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw invalid(name + ": must be a number");
        }
    }

    static OpenEnosException invalid(String message) {
        return new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG, message);
    }
}
