package org.openenos.streaming.flink;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;
import org.openenos.streaming.EnergyPolicy;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.PointRef;
import org.openenos.streaming.StreamEngine.StageValue;
import org.openenos.streaming.pipeline.Pipeline;
import org.openenos.streaming.pipeline.Stage;
import org.openenos.streaming.pipeline.StageConfig;

/**
 * What a stateful stage holds, as stage-state values, read from a checkpoint: one State Processor API reader
 * function per kind of stage (each template's step, windows, the latest record merger, the per-point taggers),
 * declaring the same state as the operator that wrote it. Values are filtered by asset
 * and point (a point id matches a policy's input or output point) as they are read, so a page holds only what was
 * asked for.
 */
final class StageStateReaders {
    static final Comparator<StageValue> ORDER = Comparator.comparing(StageValue::assetId)
            .thenComparing(StageValue::modelId).thenComparing(StageValue::pointId)
            .thenComparingLong(StageValue::time);

    private StageStateReaders() {
    }

    /** One operator of a stage, by its uid, and the reader of its state. */
    record Part(String uid, KeyedStateReaderFunction<String, StageValue> reader) {
    }

    /**
     * The operators of a stateful stage and their readers: one, or one per slide step of a sliding window (each
     * over time shifted by its step, as {@link PipelineGraphs} runs them).
     */
    static List<Part> of(Pipeline pipeline, Stage stage, Set<String> assetIds, Set<String> pointIds) {
        var filter = new Filter(new HashSet<>(assetIds), new HashSet<>(pointIds));
        String uid = stage.operatorUid();
        return switch (stage.config()) {
            case StageConfig.PlatformStep p -> List.of(new Part(uid, switch (p.template()) {
                case JobSpec.PointMerge m -> new LastValues(filter, false);
                case JobSpec.WindowAggregation w -> new OpenWindows(w, 0, filter);
                case JobSpec.DailyEnergy e -> new EnergyDays(e, filter);
                case JobSpec.TreeRollup r -> new HeldInputs(filter);
                case JobSpec.Custom c -> throw new IllegalArgumentException("not a platform step");
            }));
            case StageConfig.Window w -> {
                JobSpec.WindowAggregation spec = PipelineGraphs.windowSpec(stage, pipeline);
                long steps = w.windowMillis() / w.slideMillis();
                var parts = new java.util.ArrayList<Part>();
                for (int j = 0; j < steps; j++) {
                    parts.add(new Part(steps == 1 ? uid : uid + "-" + j,
                            new OpenWindows(spec, j * w.slideMillis(), filter)));
                }
                yield parts;
            }
            case StageConfig.LatestRecordMerger m ->
                    List.of(new Part(uid, new LastValues(filter, true)));
            case StageConfig.LastRecordAppender a -> List.of(new Part(uid, new PreviousRecords(filter)));
            case StageConfig.LatePointTagger t -> List.of(new Part(uid, new PreviousRecords(filter)));
            default -> throw new IllegalArgumentException("stage " + stage.id() + " (" + stage.operator()
                    + ") keeps no state");
        };
    }

    private record Filter(HashSet<String> assets, HashSet<String> points) implements java.io.Serializable {
        boolean asset(String assetId) {
            return assets.isEmpty() || assets.contains(assetId);
        }

        boolean point(String... ids) {
            if (points.isEmpty()) {
                return true;
            }
            for (String id : ids) {
                if (points.contains(id)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Reads every entry of the stage's one map state for each key; a stage keyed by asset skips the assets the filter
     * rules out before reading its entries.
     */
    private abstract static class MapStateReader<V> extends KeyedStateReaderFunction<String, StageValue> {
        final Filter filter;
        private final boolean keyedByAsset;
        private transient MapState<String, V> state;

        MapStateReader(Filter filter, boolean keyedByAsset) {
            this.filter = filter;
            this.keyedByAsset = keyedByAsset;
        }

        /** The state the operator declares, so that the checkpoint's state is found under the same name and type. */
        abstract MapStateDescriptor<String, V> descriptor();

        /** Emits the stage values of one entry that pass the filter. */
        abstract void read(String key, String entryKey, V entry, Collector<StageValue> out);

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getMapState(descriptor());
        }

        @Override
        public void readKey(String key, Context ctx, Collector<StageValue> out) throws Exception {
            if (keyedByAsset && !filter.asset(key)) {
                return;
            }
            for (Map.Entry<String, V> e : state.entries()) {
                read(key, e.getKey(), e.getValue(), out);
            }
        }
    }

    /** The policy of an entry keyed "policyIndex:start", or null for a policy of an earlier release. */
    private static <P> P policyOf(String entryKey, List<P> policies) {
        int index = Integer.parseInt(entryKey.substring(0, entryKey.indexOf(':')));
        return index < policies.size() ? policies.get(index) : null;
    }

    /** The start time of an entry keyed "policyIndex:start". */
    private static long startOf(String entryKey) {
        return Long.parseLong(entryKey.substring(entryKey.indexOf(':') + 1));
    }

    /**
     * Calculated points and the latest record merger: the last value of each input point, keyed by asset.
     * {@code merger}: the merger's state, else the calculated-point step's.
     */
    static final class LastValues extends MapStateReader<TimedValue> {
        private final boolean merger;

        LastValues(Filter filter, boolean merger) {
            super(filter, true);
            this.merger = merger;
        }

        @Override
        MapStateDescriptor<String, TimedValue> descriptor() {
            return merger ? PipelineMerger.latestState() : PointMerger.lastValuesState();
        }

        @Override
        void read(String assetId, String point, TimedValue last, Collector<StageValue> out) {
            PointRef ref = PointRef.parse(point, null);
            if (filter.point(ref.pointId(), point)) {
                out.collect(new StageValue(ref.modelId(), assetId, ref.pointId(), last.time, last.value));
            }
        }
    }

    /**
     * Window aggregation: each open window of each policy, with its partial aggregate, keyed by asset. {@code shift}
     * is the slide step of a sliding window's operator: its windows start that much later than its state says.
     */
    static final class OpenWindows extends MapStateReader<WindowAccumulator> {
        private final JobSpec.WindowAggregation spec;
        private final long shift;

        OpenWindows(JobSpec.WindowAggregation spec, long shift, Filter filter) {
            super(filter, true);
            this.spec = spec;
            this.shift = shift;
        }

        @Override
        MapStateDescriptor<String, WindowAccumulator> descriptor() {
            return WindowAggregator.windowsState();
        }

        @Override
        void read(String assetId, String window, WindowAccumulator acc, Collector<StageValue> out) {
            JobSpec.WindowPolicy policy = policyOf(window, spec.policies());
            if (policy == null || acc.count == 0 || !filter.point(policy.inputPoint(), policy.outputPoint())) {
                return;
            }
            long start = startOf(window) + shift;
            var attr = new LinkedHashMap<String, Object>();
            attr.put("windowStart", start);
            attr.put("windowEnd", start + policy.windowMillis());
            attr.put("aggregation", policy.aggregation().name().toLowerCase(java.util.Locale.ROOT));
            attr.put("outputPoint", policy.outputPoint());
            attr.put("count", acc.count);
            attr.put("emitted", acc.emitted);
            out.collect(new StageValue(policy.modelId(), assetId, policy.inputPoint(), start,
                    acc.result(policy.aggregation()), attr));
        }
    }

    /** Daily energy: the energy counted so far in each local day not yet expired, keyed by asset. */
    static final class EnergyDays extends MapStateReader<EnergyDay> {
        private final JobSpec.DailyEnergy spec;

        EnergyDays(JobSpec.DailyEnergy spec, Filter filter) {
            super(filter, true);
            this.spec = spec;
        }

        @Override
        MapStateDescriptor<String, EnergyDay> descriptor() {
            return DailyEnergyCounter.daysState();
        }

        @Override
        void read(String assetId, String day, EnergyDay energy, Collector<StageValue> out) {
            EnergyPolicy policy = policyOf(day, spec.policies());
            if (policy == null || !filter.point(policy.inputPoint(), policy.outputPoint())) {
                return;
            }
            long start = startOf(day);
            var attr = new LinkedHashMap<String, Object>();
            attr.put("dayStart", start);
            attr.put("dayEnd", energy.end);
            attr.put("outputPoint", policy.outputPoint());
            attr.put("emitted", energy.emitted);
            out.collect(new StageValue(policy.modelId(), assetId, policy.inputPoint(), start, energy.energy, attr));
        }
    }

    /** Tree roll-ups: the latest value of each child input, keyed by tree. */
    static final class HeldInputs extends MapStateReader<TimedValue> {
        HeldInputs(Filter filter) {
            super(filter, false);
        }

        @Override
        MapStateDescriptor<String, TimedValue> descriptor() {
            return TreeRollupOperator.inputsState();
        }

        @Override
        void read(String treeId, String input, TimedValue last, Collector<StageValue> out) {
            int bar = input.indexOf('|');
            String assetId = input.substring(0, bar);
            PointRef ref = PointRef.parse(input.substring(bar + 1), null);
            if (filter.asset(assetId) && filter.point(ref.pointId(), input.substring(bar + 1))) {
                out.collect(new StageValue(ref.modelId(), assetId, ref.pointId(), last.time, last.value,
                        Map.of("treeId", treeId)));
            }
        }
    }

    /** The last record appender and late point tagger: the previous record of each asset and point. */
    static final class PreviousRecords extends KeyedStateReaderFunction<String, StageValue> {
        private final Filter filter;
        private transient ValueState<TimedValue> previous;

        PreviousRecords(Filter filter) {
            this.filter = filter;
        }

        @Override
        public void open(OpenContext context) {
            previous = getRuntimeContext().getState(PipelineTagger.previousState());
        }

        @Override
        public void readKey(String key, Context ctx, Collector<StageValue> out) throws Exception {
            int sep = key.indexOf('\u0000');
            String assetId = key.substring(0, sep);
            String point = key.substring(sep + 1);
            PointRef ref = PointRef.parse(point, null);
            TimedValue last = previous.value();
            if (last != null && filter.asset(assetId) && filter.point(ref.pointId(), point)) {
                out.collect(new StageValue(ref.modelId(), assetId, ref.pointId(), last.time, last.value));
            }
        }
    }
}
