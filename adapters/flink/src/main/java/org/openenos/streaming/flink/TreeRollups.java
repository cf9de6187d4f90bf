package org.openenos.streaming.flink;

import java.util.LinkedHashSet;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.RollupPolicy;
import org.openenos.streaming.StreamJob;

/**
 * The graph of the tree roll-up template: a roll-up needs the values of all assets of a tree in one place, so samples
 * are routed to each tree a policy names (only those of a policy's input model) and keyed by tree; different trees
 * run in parallel.
 */
final class TreeRollups {
    private TreeRollups() {
    }

    static DataStream<OutputValue> attach(DataStream<AssetSample> samples, String engineKey, StreamJob job,
                                          JobSpec.TreeRollup spec) {
        return samples.flatMap(routeToTrees(spec), TypeInformation.of(TreeInput.class)).uid("route-to-trees")
                .name("route to trees")
                .keyBy(in -> in.treeId, TypeInformation.of(String.class))
                .process(new TreeRollupOperator(engineKey, job.pipelineId(), job.orgId(), spec, false),
                        TypeInformation.of(OutputValue.class))
                .uid(job.templateType().name()).name(job.templateType().name());
    }

    /**
     * The same graph over stored history (a dry run): the operator runs on the clock of the samples, and a sample
     * without values (the end of the span) reaches every tree so that inputs age out up to the end.
     */
    static DataStream<OutputValue> attachOverHistory(DataStream<AssetSample> samples, String engineKey, String runId,
                                                     String orgId, JobSpec.TreeRollup spec) {
        FlatMapFunction<AssetSample, TreeInput> toTrees = routeToTrees(spec);
        FlatMapFunction<AssetSample, TreeInput> route = (sample, out) -> {
            if (sample.values.isEmpty()) {
                spec.policies().stream().map(RollupPolicy::treeId).distinct()
                        .forEach(t -> out.collect(new TreeInput(t, sample)));
            } else {
                toTrees.flatMap(sample, out);
            }
        };
        return samples.flatMap(route, TypeInformation.of(TreeInput.class)).name("route to trees")
                .keyBy(in -> in.treeId, TypeInformation.of(String.class))
                .process(new TreeRollupOperator(engineKey, runId, orgId, spec, true),
                        TypeInformation.of(OutputValue.class))
                .name("dry run");
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
}
