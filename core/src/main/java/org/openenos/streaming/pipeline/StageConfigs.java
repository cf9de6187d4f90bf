package org.openenos.streaming.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.alerting.expression.Expression;
import org.openenos.alerting.expression.ExpressionException;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.streaming.Aggregation;
import org.openenos.streaming.PointRef;

/**
 * Reads the {@code config} object of one stage into its typed {@link StageConfig}; every error names the field with
 * the stage's prefix ({@code stages[2] (avg).config.windowMinutes: ...}).
 */
final class StageConfigs {
    static final long DEFAULT_REFRESH_MILLIS = 30_000;
    static final int MAX_SLIDES = 60;

    private StageConfigs() {
    }

    static StageConfig parse(Operator operator, Map<String, Object> config, String at) {
        return switch (operator) {
            case PointSelector -> new StageConfig.PointSelector(new LinkedHashSet<>(points(config, "points", at)));
            case AssetLookup -> new StageConfig.AssetLookup(new LinkedHashSet<>(strings(config, "attributes", at)),
                    refresh(config, at));
            case ParentAssetLookup -> {
                double levels = number(config, "levels", 1, at);
                if (levels < 1 || levels > 10 || levels != Math.rint(levels)) {
                    throw invalid(at + "levels: must be a whole number from 1 to 10");
                }
                yield new StageConfig.ParentAssetLookup(text(config, "treeId", at), (int) levels, refresh(config, at));
            }
            case ChildAssetLookup -> new StageConfig.ChildAssetLookup(text(config, "treeId", at), refresh(config, at));
            case FixedTimeWindowAggregator, SlidingTimeWindowAggregator -> window(operator, config, at);
            case LatestRecordMerger -> merger(config, at);
            case LastRecordAppender -> new StageConfig.LastRecordAppender();
            case OffLimitTagger -> offLimit(config, at);
            case LatePointTagger -> new StageConfig.LatePointTagger();
            case ExpressionEvaluator -> {
                String source = text(config, "expression", at);
                expression(source, at);
                yield new StageConfig.ExpressionEvaluator(source, point(config, "outputPoint", at));
            }
            case RecordGenerator -> {
                double seconds = number(config, "frequencySeconds", -1, at);
                if (seconds < 1 || seconds > 86_400) {
                    throw invalid(at + "frequencySeconds: must be between 1 and 86400");
                }
                yield new StageConfig.RecordGenerator(Math.round(seconds * 1000), point(config, "point", at),
                        new LinkedHashSet<>(strings(config, "assetIds", at)));
            }
            case Output -> new StageConfig.Output();
            case CalculatedPoints, DailyEnergy, TreeRollup ->
                    throw new IllegalArgumentException(operator + " is built by the platform only");
        };
    }

    /** The parsed expression, or an error with the position of the syntax error. */
    static Expression expression(String source, String at) {
        try {
            return Expression.parse(source);
        } catch (ExpressionException e) {
            throw invalid(at + "expression: " + e.getMessage());
        }
    }

    private static StageConfig.Window window(Operator operator, Map<String, Object> config, String at) {
        Aggregation aggregation;
        try {
            aggregation = Aggregation.parse(text(config, "aggregation", at));
        } catch (IllegalArgumentException e) {
            throw invalid(at + "aggregation: " + e.getMessage());
        }
        long window = minutes(config, "windowMinutes", at);
        long slide = window;
        if (operator == Operator.SlidingTimeWindowAggregator) {
            slide = minutes(config, "slideMinutes", at);
            if (slide >= window || window % slide != 0) {
                throw invalid(at + "slideMinutes: must be smaller than windowMinutes and divide it");
            }
            if (window / slide > MAX_SLIDES) {
                throw invalid(at + "slideMinutes: a window may span at most " + MAX_SLIDES + " slides");
            }
        }
        double latency = number(config, "latencySeconds", 0, at);
        if (latency < 0 || latency > 3600) {
            throw invalid(at + "latencySeconds: must be between 0 and 3600");
        }
        PointRef output = config.get("outputPoint") == null ? null : point(config, "outputPoint", at);
        return new StageConfig.Window(aggregation, window, slide, Math.round(latency * 1000), output);
    }

    private static StageConfig.LatestRecordMerger merger(Map<String, Object> config, String at) {
        List<PointRef> points = points(config, "points", at);
        Set<PointRef> triggers = config.get("triggerPoints") == null ? new LinkedHashSet<>(points)
                : new LinkedHashSet<>(points(config, "triggerPoints", at));
        for (PointRef t : triggers) {
            if (!points.contains(t)) {
                throw invalid(at + "triggerPoints: " + t + " is not one of the merged points");
            }
        }
        double expiry = number(config, "expiryMinutes", 0, at);
        if (expiry < 0) {
            throw invalid(at + "expiryMinutes: must not be negative");
        }
        String groupBy = config.get("groupBy") == null ? null : text(config, "groupBy", at);
        return new StageConfig.LatestRecordMerger(points, triggers, point(config, "outputPoint", at),
                Math.round(expiry * 60_000), groupBy);
    }

    private static StageConfig.OffLimitTagger offLimit(Map<String, Object> config, String at) {
        Double min = config.get("min") == null ? null : number(config, "min", -1, at);
        Double max = config.get("max") == null ? null : number(config, "max", -1, at);
        if (min == null && max == null) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, at + "min: min or max is required");
        }
        if (min != null && max != null && min > max) {
            throw invalid(at + "max: must not be below min");
        }
        String interval = config.get("interval") == null ? "[]" : String.valueOf(config.get("interval")).trim();
        if (!Set.of("[]", "[)", "(]", "()").contains(interval)) {
            throw invalid(at + "interval: must be one of [], [), (], ()");
        }
        Object drop = config.getOrDefault("dropOutliers", false);
        if (!(drop instanceof Boolean)) {
            throw invalid(at + "dropOutliers: must be true or false");
        }
        return new StageConfig.OffLimitTagger(min, max, interval.charAt(0) == '[', interval.charAt(1) == ']',
                (Boolean) drop);
    }

    private static long refresh(Map<String, Object> config, String at) {
        double seconds = number(config, "refreshSeconds", DEFAULT_REFRESH_MILLIS / 1000.0, at);
        if (seconds < 1 || seconds > 3600) {
            throw invalid(at + "refreshSeconds: must be between 1 and 3600");
        }
        return Math.round(seconds * 1000);
    }

    private static long minutes(Map<String, Object> config, String field, String at) {
        double minutes = number(config, field, -1, at);
        if (minutes <= 0 || minutes > 24 * 60 || minutes * 60 != Math.rint(minutes * 60)) {
            throw invalid(at + field + ": must be a positive number of whole seconds up to one day");
        }
        return Math.round(minutes * 60_000);
    }

    /** A point written {@code model::point}: pipelines span models, so the model is always named. */
    static PointRef point(Map<String, Object> config, String field, String at) {
        return pointRef(text(config, field, at), at + field);
    }

    private static PointRef pointRef(String text, String field) {
        int sep = text.indexOf("::");
        if (sep <= 0 || sep + 2 >= text.length()) {
            throw invalid(field + ": '" + text + "' must be written model::point");
        }
        return PointRef.parse(text, null);
    }

    private static List<PointRef> points(Map<String, Object> config, String field, String at) {
        List<String> texts = strings(config, field, at);
        if (texts.isEmpty()) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, at + field + ": at least one point is "
                    + "required");
        }
        var refs = new ArrayList<PointRef>();
        for (int i = 0; i < texts.size(); i++) {
            PointRef ref = pointRef(texts.get(i), at + field + "[" + i + "]");
            if (refs.contains(ref)) {
                throw invalid(at + field + "[" + i + "]: " + ref + " is listed twice");
            }
            refs.add(ref);
        }
        return refs;
    }

    private static List<String> strings(Map<String, Object> config, String field, String at) {
        Object v = config.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw invalid(at + field + ": must be a list");
        }
        var result = new ArrayList<String>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || String.valueOf(item).isBlank()) {
                throw invalid(at + field + "[" + i + "]: must not be empty");
            }
            result.add(String.valueOf(item).trim());
        }
        return result;
    }

    static String text(Map<String, Object> config, String field, String at) {
        Object v = config.get(field);
        if (v == null || String.valueOf(v).isBlank()) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, at + field + ": is required");
        }
        return String.valueOf(v).trim();
    }

    private static double number(Map<String, Object> config, String field, double missing, String at) {
        Object v = config.get(field);
        if (v == null) {
            if (missing < 0) {
                throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, at + field + ": is required");
            }
            return missing;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw invalid(at + field + ": must be a number");
        }
    }

    static OpenEnosException invalid(String message) {
        return new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG, message);
    }
}
