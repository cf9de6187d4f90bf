package org.openenos.streaming.flink;

import java.util.LinkedHashSet;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.RollupPolicy;

/**
 * The operators of the templates' steps ({@link org.openenos.streaming.pipeline.StageConfig.PlatformStep}) as the
 * pipeline translator wires them: keyed by asset, or — a tree roll-up, which needs the values of all assets of a tree
 * in one place — routed to each tree a policy names and keyed by tree (different trees run in parallel). They read
 * the job's samples and count what they emit in the job's counters.
 */
final class PlatformSteps {
    private static final TypeInformation<OutputValue> VALUE = TypeInformation.of(OutputValue.class);
    private static final TypeInformation<String> KEY = TypeInformation.of(String.class);

    private PlatformSteps() {
    }

    /**
     * @param uid  the step's operator uid (the template's name, as before templates were pipelines)
     * @param live false for a dry run over stored history: a roll-up then runs on the history's clock
     */
    static DataStream<OutputValue> attach(DataStream<AssetSample> samples, JobSpec template, String engineKey,
                                          String counterKey, String orgId, String uid, boolean live) {
        SingleOutputStreamOperator<OutputValue> step = switch (template) {
            case JobSpec.WindowAggregation w -> perAsset(samples, new WindowAggregator(counterKey, w));
            case JobSpec.PointMerge m -> perAsset(samples, new PointMerger(engineKey, counterKey, m));
            case JobSpec.DailyEnergy e -> perAsset(samples, new DailyEnergyCounter(engineKey, counterKey, e));
            case JobSpec.TreeRollup r -> samples.flatMap(live ? routeToTrees(r) : routeOverHistory(r),
                            TypeInformation.of(TreeInput.class)).uid("route-to-trees").name("route to trees")
                    .keyBy(in -> in.treeId, KEY)
                    .process(new TreeRollupOperator(engineKey, counterKey, orgId, r, !live), VALUE);
            case JobSpec.Custom c -> throw new IllegalArgumentException("a custom pipeline is not a platform step");
        };
        return step.uid(uid).name(uid);
    }

    private static SingleOutputStreamOperator<OutputValue> perAsset(
            DataStream<AssetSample> samples, KeyedProcessFunction<String, AssetSample, OutputValue> operator) {
        return samples.keyBy(s -> s.assetId, KEY).process(operator, VALUE);
    }

    private static FlatMapFunction<AssetSample, TreeInput> routeToTrees(JobSpec.TreeRollup spec) {
        return (sample, out) -> {
            var trees = new LinkedHashSet<String>();
            for (RollupPolicy p : spec.policies()) {
                if (p.modelId().equals(sample.modelId) && sample.values.containsKey(p.inputPoint())) {
                    trees.add(p.treeId());
                }
            }
            trees.forEach(t -> out.collect(new TreeInput(t, sample)));
        };
    }

    /** Over stored history a sample without values (the end of the span) reaches every tree, so inputs age out. */
    private static FlatMapFunction<AssetSample, TreeInput> routeOverHistory(JobSpec.TreeRollup spec) {
        FlatMapFunction<AssetSample, TreeInput> toTrees = routeToTrees(spec);
        return (sample, out) -> {
            if (sample.values.isEmpty()) {
                spec.policies().stream().map(RollupPolicy::treeId).distinct()
                        .forEach(t -> out.collect(new TreeInput(t, sample)));
            } else {
                toTrees.flatMap(sample, out);
            }
        };
    }
}
