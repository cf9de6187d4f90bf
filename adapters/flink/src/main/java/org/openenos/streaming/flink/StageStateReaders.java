package org.openenos.streaming.flink;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;
import org.openenos.streaming.EnergyPolicy;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.PointRef;
import org.openenos.streaming.StreamEngine.StageValue;
import org.openenos.streaming.TemplateStages;

/**
 * What each template's stateful stage holds, as stage-state values, read from a checkpoint: one State Processor API
 * reader function per template, declaring the same state as the operator that wrote it. Values are filtered by asset
 * and point (a point id matches a policy's input or output point) as they are read, so a page holds only what was
 * asked for.
 */
final class StageStateReaders {
    static final Comparator<StageValue> ORDER = Comparator.comparing(StageValue::assetId)
            .thenComparing(StageValue::modelId).thenComparing(StageValue::pointId)
            .thenComparingLong(StageValue::time);

    private StageStateReaders() {
    }

    /** The reader of the template's stage, or null when {@code stage} is not the template's stateful stage. */
    static KeyedStateReaderFunction<String, StageValue> of(JobSpec spec, String stage, Set<String> assetIds,
                                                           Set<String> pointIds) {
        var filter = new Filter(new HashSet<>(assetIds), new HashSet<>(pointIds));
        return switch (spec) {
            case JobSpec.PointMerge m when TemplateStages.LAST_VALUES.equals(stage) -> new LastValues(filter);
            case JobSpec.WindowAggregation w when TemplateStages.OPEN_WINDOWS.equals(stage) ->
                    new OpenWindows(w, filter);
            case JobSpec.DailyEnergy e when TemplateStages.ENERGY_DAYS.equals(stage) -> new EnergyDays(e, filter);
            case JobSpec.TreeRollup r when TemplateStages.HELD_INPUTS.equals(stage) -> new HeldInputs(filter);
            default -> null;
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

    /** Calculated points: the last value of each input point, keyed by asset. */
    static final class LastValues extends KeyedStateReaderFunction<String, StageValue> {
        private final Filter filter;
        private transient MapState<String, TimedValue> values;

        LastValues(Filter filter) {
            this.filter = filter;
        }

        @Override
        public void open(OpenContext context) {
            values = getRuntimeContext().getMapState(PointMerger.lastValuesState());
        }

        @Override
        public void readKey(String assetId, Context ctx, Collector<StageValue> out) throws Exception {
            if (!filter.asset(assetId)) {
                return;
            }
            for (Map.Entry<String, TimedValue> e : values.entries()) {
                PointRef ref = PointRef.parse(e.getKey(), null);
                if (filter.point(ref.pointId(), e.getKey())) {
                    out.collect(new StageValue(ref.modelId(), assetId, ref.pointId(), e.getValue().time,
                            e.getValue().value));
                }
            }
        }
    }

    /** Window aggregation: each open window of each policy, with its partial aggregate, keyed by asset. */
    static final class OpenWindows extends KeyedStateReaderFunction<String, StageValue> {
        private final JobSpec.WindowAggregation spec;
        private final Filter filter;
        private transient MapState<String, WindowAccumulator> windows;

        OpenWindows(JobSpec.WindowAggregation spec, Filter filter) {
            this.spec = spec;
            this.filter = filter;
        }

        @Override
        public void open(OpenContext context) {
            windows = getRuntimeContext().getMapState(WindowAggregator.windowsState());
        }

        @Override
        public void readKey(String assetId, Context ctx, Collector<StageValue> out) throws Exception {
            if (!filter.asset(assetId)) {
                return;
            }
            for (Map.Entry<String, WindowAccumulator> e : windows.entries()) {
                int sep = e.getKey().indexOf(':');
                int index = Integer.parseInt(e.getKey().substring(0, sep));
                if (index >= spec.policies().size()) {
                    continue; // a policy of an earlier release
                }
                JobSpec.WindowPolicy policy = spec.policies().get(index);
                long start = Long.parseLong(e.getKey().substring(sep + 1));
                WindowAccumulator acc = e.getValue();
                if (acc.count == 0 || !filter.point(policy.inputPoint(), policy.outputPoint())) {
                    continue;
                }
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
    }

    /** Daily energy: the energy counted so far in each local day not yet expired, keyed by asset. */
    static final class EnergyDays extends KeyedStateReaderFunction<String, StageValue> {
        private final JobSpec.DailyEnergy spec;
        private final Filter filter;
        private transient MapState<String, EnergyDay> days;

        EnergyDays(JobSpec.DailyEnergy spec, Filter filter) {
            this.spec = spec;
            this.filter = filter;
        }

        @Override
        public void open(OpenContext context) {
            days = getRuntimeContext().getMapState(DailyEnergyCounter.daysState());
        }

        @Override
        public void readKey(String assetId, Context ctx, Collector<StageValue> out) throws Exception {
            if (!filter.asset(assetId)) {
                return;
            }
            for (Map.Entry<String, EnergyDay> e : days.entries()) {
                int sep = e.getKey().indexOf(':');
                int index = Integer.parseInt(e.getKey().substring(0, sep));
                if (index >= spec.policies().size()) {
                    continue;
                }
                EnergyPolicy policy = spec.policies().get(index);
                if (!filter.point(policy.inputPoint(), policy.outputPoint())) {
                    continue;
                }
                long start = Long.parseLong(e.getKey().substring(sep + 1));
                var attr = new LinkedHashMap<String, Object>();
                attr.put("dayStart", start);
                attr.put("dayEnd", e.getValue().end);
                attr.put("outputPoint", policy.outputPoint());
                attr.put("emitted", e.getValue().emitted);
                out.collect(new StageValue(policy.modelId(), assetId, policy.inputPoint(), start,
                        e.getValue().energy, attr));
            }
        }
    }

    /** Tree roll-ups: the latest value of each child input, keyed by tree. */
    static final class HeldInputs extends KeyedStateReaderFunction<String, StageValue> {
        private final Filter filter;
        private transient MapState<String, TimedValue> inputs;

        HeldInputs(Filter filter) {
            this.filter = filter;
        }

        @Override
        public void open(OpenContext context) {
            inputs = getRuntimeContext().getMapState(TreeRollupOperator.inputsState());
        }

        @Override
        public void readKey(String treeId, Context ctx, Collector<StageValue> out) throws Exception {
            for (Map.Entry<String, TimedValue> e : inputs.entries()) {
                int bar = e.getKey().indexOf('|');
                String assetId = e.getKey().substring(0, bar);
                PointRef ref = PointRef.parse(e.getKey().substring(bar + 1), null);
                if (filter.asset(assetId) && filter.point(ref.pointId(), e.getKey().substring(bar + 1))) {
                    out.collect(new StageValue(ref.modelId(), assetId, ref.pointId(), e.getValue().time,
                            e.getValue().value, Map.of("treeId", treeId)));
                }
            }
        }
    }

}
