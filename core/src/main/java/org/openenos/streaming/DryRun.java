package org.openenos.streaming;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/**
 * A dry run: what a job's definition (a draft, before it is released) would have written over a span of stored
 * history, beside the inputs it read. Nothing is written. The inputs are read from the time-series store for the
 * assets asked for and evaluated by the engine with the operators the live job runs ({@link Runner}), so a dry run
 * shows what the job will do, not what a second implementation thinks it does.
 *
 * <p>Bounded: the span, the number of assets and the number of input values are limited, with an error that says
 * which limit and how to stay within it.
 */
public final class DryRun {
    /** One numeric value of one point of one asset. */
    public record Sample(String assetId, String modelId, String pointId, long time, double value) {
    }

    /** Values of one point of one asset, in time order. */
    public record Series(String assetId, String modelId, String pointId, List<Sample> values) {
    }

    public record Request(List<String> assetIds, long startTime, long endTime) {
        public Request {
            assetIds = assetIds == null ? List.of() : List.copyOf(assetIds);
        }
    }

    /** {@code notes} say where the dry run differs from the live job (for example a frequency trigger). */
    public record Result(long startTime, long endTime, List<Series> inputs, List<Series> outputs,
                         List<String> notes) {
    }

    public record Limits(long maxSpanMillis, int maxAssets, int maxInputValues) {
        public static final Limits DEFAULTS = new Limits(7L * 24 * 3_600_000, 100, 100_000);
    }

    /** Stored history, scoped by organization. */
    public interface History {
        /** The model of the organization's asset, empty when the organization has no such asset. */
        Optional<String> modelOf(String orgId, String assetId);

        /** Numeric values of one point with {@code from <= time < to}, ascending, at most {@code limit}. */
        List<Sample> read(String orgId, String assetId, String modelId, String pointId, long from, long to, int limit);
    }

    /** Evaluates a job definition over bounded input with the live job's operators. */
    public interface Runner {
        /**
         * @param inputs  the values, in time order per asset
         * @param endTime the end of the span: windows that end by then are complete
         * @return the values the job would have written
         */
        List<Sample> run(String orgId, JobSpec spec, List<Sample> inputs, long endTime);
    }

    private final History history;
    private final Runner runner;
    private final Limits limits;

    public DryRun(History history, Runner runner, Limits limits) {
        this.history = history;
        this.runner = runner;
        this.limits = limits;
    }

    public Result run(String orgId, TemplateType type, Map<String, Object> config, Request request) {
        checkBounds(request);
        var notes = new ArrayList<String>();
        JobSpec spec = DryRunSpecs.forHistory(JobSpecs.parse(type, config), notes);
        var inputs = new ArrayList<Sample>();
        var inputSeries = new ArrayList<Series>();
        for (String assetId : request.assetIds()) {
            String modelId = history.modelOf(orgId, assetId).orElseThrow(() -> new OpenEnosException(
                    ErrorCode.STREAM_INVALID_CONFIG, "assetIds: asset '" + assetId + "' does not exist"));
            var points = spec.inputs().stream().filter(p -> p.modelId().equals(modelId)).toList();
            if (points.isEmpty()) {
                notes.add("asset " + assetId + " (model " + modelId + ") has no input point of this job");
            }
            for (PointRef point : points) {
                int room = limits.maxInputValues() - inputs.size();
                List<Sample> values = history.read(orgId, assetId, modelId, point.pointId(), request.startTime(),
                        request.endTime(), room + 1);
                if (values.size() > room) {
                    throw new OpenEnosException(ErrorCode.STREAM_TOO_MANY_POINTS, "the span holds more than "
                            + limits.maxInputValues() + " input values: choose a shorter span or fewer assets");
                }
                inputs.addAll(values);
                inputSeries.add(new Series(assetId, modelId, point.pointId(), values));
            }
        }
        inputs.sort(java.util.Comparator.comparing(Sample::assetId).thenComparingLong(Sample::time));
        List<Sample> outputs = inputs.isEmpty() ? List.of() : runner.run(orgId, spec, inputs, request.endTime());
        return new Result(request.startTime(), request.endTime(), inputSeries, group(outputs), notes);
    }

    private void checkBounds(Request request) {
        if (request.assetIds().isEmpty()) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER,
                    "assetIds: the assets to run the job over are required");
        }
        if (request.assetIds().size() > limits.maxAssets()) {
            throw new OpenEnosException(ErrorCode.STREAM_TOO_MANY_POINTS,
                    "assetIds: at most " + limits.maxAssets() + " assets in one dry run");
        }
        if (request.endTime() <= request.startTime()) {
            throw new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG, "endTime: must be after startTime");
        }
        if (request.endTime() - request.startTime() > limits.maxSpanMillis()) {
            throw new OpenEnosException(ErrorCode.STREAM_TOO_MANY_POINTS, "the span is longer than "
                    + limits.maxSpanMillis() / 3_600_000 + " hours: choose a shorter span");
        }
    }

    private static List<Series> group(List<Sample> outputs) {
        var byPoint = new LinkedHashMap<String, List<Sample>>();
        outputs.stream().sorted(java.util.Comparator.comparing(Sample::assetId).thenComparing(Sample::pointId)
                        .thenComparingLong(Sample::time))
                .forEach(s -> byPoint.computeIfAbsent(s.assetId() + '\u0000' + s.pointId(), k -> new ArrayList<>())
                        .add(s));
        return byPoint.values().stream()
                .map(v -> new Series(v.getFirst().assetId(), v.getFirst().modelId(), v.getFirst().pointId(), v))
                .toList();
    }
}
