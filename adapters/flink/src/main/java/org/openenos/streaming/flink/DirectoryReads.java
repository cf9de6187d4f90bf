package org.openenos.streaming.flink;

import java.util.LinkedHashSet;
import java.util.Set;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.PointRef;
import org.openenos.streaming.pipeline.Stage;
import org.openenos.streaming.pipeline.StageConfig;

/**
 * What a job reads from the registry while it runs, so that the directory topic carries it (ADR 0129): the assets of
 * some models (their time zones and attributes) and some trees. A template reads its policies' models or trees; a
 * custom pipeline reads what its look-up stages and platform steps read: an asset look-up the assets of the
 * pipeline's input models (its records are of those assets), a parent or child look-up its tree.
 *
 * @param models the models whose assets the job reads
 * @param trees  the trees the job reads
 */
record DirectoryReads(Set<String> models, Set<String> trees) {
    DirectoryReads {
        models = Set.copyOf(models);
        trees = Set.copyOf(trees);
    }

    static DirectoryReads of(JobSpec spec) {
        var models = new LinkedHashSet<String>();
        var trees = new LinkedHashSet<String>();
        collect(spec, models, trees);
        return new DirectoryReads(models, trees);
    }

    boolean isEmpty() {
        return models.isEmpty() && trees.isEmpty();
    }

    private static void collect(JobSpec spec, Set<String> models, Set<String> trees) {
        switch (spec) {
            case JobSpec.PointMerge m -> m.policies().forEach(p -> models.add(p.modelId()));
            case JobSpec.DailyEnergy d -> d.policies().forEach(p -> models.add(p.modelId()));
            case JobSpec.TreeRollup r -> r.policies().forEach(p -> trees.add(p.treeId()));
            case JobSpec.WindowAggregation w -> {
            }
            case JobSpec.Custom c -> {
                for (Stage stage : c.pipeline().stages()) {
                    switch (stage.config()) {
                        case StageConfig.AssetLookup a ->
                                c.pipeline().inputs().stream().map(PointRef::modelId).forEach(models::add);
                        case StageConfig.ParentAssetLookup p -> trees.add(p.treeId());
                        case StageConfig.ChildAssetLookup ch -> trees.add(ch.treeId());
                        case StageConfig.PlatformStep step -> collect(step.template(), models, trees);
                        default -> {
                        }
                    }
                }
            }
        }
    }
}
