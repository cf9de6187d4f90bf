package org.openenos.streaming;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The validated, typed definition the engine runs, built by {@link JobSpecs#parse} from a job's released config.
 * Serializable because the engine ships it to its operators.
 */
public sealed interface JobSpec extends Serializable {

    /** Points the job reads: the engine selects only these, and only from the job's organization. */
    Set<PointRef> inputs();

    /** Points the job writes. */
    Set<PointRef> outputs();

    /**
     * Tumbling windows aligned to the epoch. {@code latencyMillis} is the allowed lateness: data up to that much
     * behind the asset's event time still updates its window, which is then emitted again.
     */
    record WindowAggregation(long latencyMillis, List<WindowPolicy> policies) implements JobSpec {
        public WindowAggregation {
            policies = List.copyOf(policies);
        }

        @Override
        public Set<PointRef> inputs() {
            var in = new LinkedHashSet<PointRef>();
            policies.forEach(p -> in.add(new PointRef(p.modelId(), p.inputPoint())));
            return in;
        }

        @Override
        public Set<PointRef> outputs() {
            var out = new LinkedHashSet<PointRef>();
            policies.forEach(p -> out.add(new PointRef(p.modelId(), p.outputPoint())));
            return out;
        }
    }

    /** One row of the window template's policy table; {@code threshold} is null when the input is not filtered. */
    record WindowPolicy(String modelId, String inputPoint, Aggregation aggregation, long windowMillis,
                        String outputPoint, Threshold threshold) implements Serializable {
    }

    /**
     * Calculated points: each policy evaluates an expression over points and attributes of one asset. An asset's
     * attributes are read from the registry again when the copy the job holds is older than
     * {@code attributeRefreshMillis}.
     */
    record PointMerge(List<MergePolicy> policies, long attributeRefreshMillis) implements JobSpec {
        public static final long DEFAULT_ATTRIBUTE_REFRESH_MILLIS = 30_000;

        public PointMerge {
            policies = List.copyOf(policies);
        }

        public PointMerge(List<MergePolicy> policies) {
            this(policies, DEFAULT_ATTRIBUTE_REFRESH_MILLIS);
        }

        @Override
        public Set<PointRef> inputs() {
            var in = new LinkedHashSet<PointRef>();
            policies.forEach(p -> in.addAll(p.inputs()));
            return in;
        }

        @Override
        public Set<PointRef> outputs() {
            var out = new LinkedHashSet<PointRef>();
            policies.forEach(p -> out.add(new PointRef(p.modelId(), p.outputPoint())));
            return out;
        }
    }

    /**
     * One calculated point. With {@code triggerPoint} null any input point triggers an evaluation (by point);
     * with {@code frequencyMillis} > 0 the engine evaluates at that fixed frequency of its own clock instead.
     * {@code inputs} are the points the expression reads, as {@code model::point} keys of its bindings.
     */
    record MergePolicy(String modelId, String outputPoint, String expression, Set<PointRef> inputs,
                       PointRef triggerPoint, long frequencyMillis) implements Serializable {
        public MergePolicy {
            inputs = Set.copyOf(inputs);
        }

        public boolean triggeredBy(PointRef point) {
            return frequencyMillis <= 0 && (triggerPoint == null ? inputs.contains(point) : triggerPoint.equals(point));
        }
    }

    /**
     * Daily electric energy per asset, per local day of the asset's time zone. {@code latencyMillis} is the allowed
     * lateness: a reading up to that much behind the end of its day still corrects the day, which is emitted again.
     */
    record DailyEnergy(long latencyMillis, List<EnergyPolicy> policies) implements JobSpec {
        public DailyEnergy {
            policies = List.copyOf(policies);
        }

        @Override
        public Set<PointRef> inputs() {
            var in = new LinkedHashSet<PointRef>();
            policies.forEach(p -> in.add(new PointRef(p.modelId(), p.inputPoint())));
            return in;
        }

        @Override
        public Set<PointRef> outputs() {
            var out = new LinkedHashSet<PointRef>();
            policies.forEach(p -> {
                out.add(new PointRef(p.modelId(), p.outputPoint()));
                if (p.intervalPoint() != null) {
                    out.add(new PointRef(p.modelId(), p.intervalPoint()));
                }
            });
            return out;
        }
    }

    /**
     * Roll-ups over asset trees: each policy aggregates a point of the assets below each node of one tree into a
     * point of that node. The tree is read from the registry again every {@code treeRefreshMillis}.
     */
    record TreeRollup(long treeRefreshMillis, List<RollupPolicy> policies) implements JobSpec {
        public TreeRollup {
            policies = List.copyOf(policies);
        }

        @Override
        public Set<PointRef> inputs() {
            var in = new LinkedHashSet<PointRef>();
            policies.forEach(p -> in.add(new PointRef(p.modelId(), p.inputPoint())));
            return in;
        }

        @Override
        public Set<PointRef> outputs() {
            var out = new LinkedHashSet<PointRef>();
            policies.forEach(p -> out.add(new PointRef(p.outputModelId(), p.outputPoint())));
            return out;
        }
    }

    /**
     * A custom pipeline: a DAG of operator stages defined by the user ({@link org.openenos.streaming.pipeline}).
     * The templates above are pipelines the platform builds; this is the one a user builds.
     */
    record Custom(org.openenos.streaming.pipeline.Pipeline pipeline) implements JobSpec {
        @Override
        public Set<PointRef> inputs() {
            return pipeline.inputs();
        }

        @Override
        public Set<PointRef> outputs() {
            return pipeline.outputs();
        }
    }
}
