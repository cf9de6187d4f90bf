package org.openenos.streaming.pipeline;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.openenos.streaming.Aggregation;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.PointRef;

/** The typed config of a stage, one record per {@link Operator}; serializable because the engine ships it. */
public sealed interface StageConfig extends Serializable {

    record PointSelector(Set<PointRef> points) implements StageConfig {
        public PointSelector {
            points = Set.copyOf(points);
        }
    }

    /** {@code attributes} empty means all of the asset's attributes. */
    record AssetLookup(Set<String> attributes, long refreshMillis) implements StageConfig {
        public AssetLookup {
            attributes = Set.copyOf(attributes);
        }
    }

    /** {@code levels} up the tree: 1 is the parent, 2 the grandparent. */
    record ParentAssetLookup(String treeId, int levels, long refreshMillis) implements StageConfig {
    }

    record ChildAssetLookup(String treeId, long refreshMillis) implements StageConfig {
    }

    /**
     * A window aggregator; {@code slideMillis} equals {@code windowMillis} for a fixed (tumbling) window.
     * {@code outputPoint} renames the aggregated point; null keeps the input's point.
     */
    record Window(Aggregation aggregation, long windowMillis, long slideMillis, long latencyMillis,
                  PointRef outputPoint) implements StageConfig {
        public boolean sliding() {
            return slideMillis != windowMillis;
        }
    }

    /**
     * {@code expiryMillis} > 0: a held value older than that (behind the trigger's time) is not merged.
     * {@code groupBy} null merges per asset; otherwise the {@code attr} key of an asset id an earlier stage set
     * (e.g. {@code tslParentLookup}): the points of every asset with the same value there are merged into a record
     * of that asset (a record without the key is not merged).
     */
    record LatestRecordMerger(List<PointRef> points, Set<PointRef> triggerPoints, PointRef outputPoint,
                              long expiryMillis, String groupBy) implements StageConfig {
        public LatestRecordMerger {
            points = List.copyOf(points);
            triggerPoints = Set.copyOf(triggerPoints);
        }

        public LatestRecordMerger(List<PointRef> points, Set<PointRef> triggerPoints, PointRef outputPoint,
                                  long expiryMillis) {
            this(points, triggerPoints, outputPoint, expiryMillis, null);
        }
    }

    record LastRecordAppender() implements StageConfig {
    }

    /**
     * A bound that is null is open; {@code minInclusive}/{@code maxInclusive} say whether the bound is inside.
     * With {@code dropOutliers} an outlier is dropped instead of passed on tagged.
     */
    record OffLimitTagger(Double min, Double max, boolean minInclusive, boolean maxInclusive, boolean dropOutliers)
            implements StageConfig {
        public boolean outside(double value) {
            boolean below = min != null && (minInclusive ? value < min : value <= min);
            boolean above = max != null && (maxInclusive ? value > max : value >= max);
            return below || above;
        }
    }

    record LatePointTagger() implements StageConfig {
    }

    /** {@code expression} in the alert rules' language; its result becomes {@code outputPoint}. */
    record ExpressionEvaluator(String expression, PointRef outputPoint) implements StageConfig {
    }

    /** {@code assetIds} empty: every asset that reached the stage's inputs. */
    record RecordGenerator(long frequencyMillis, PointRef point, Set<String> assetIds) implements StageConfig {
        public RecordGenerator {
            assetIds = Set.copyOf(assetIds);
        }
    }

    record Output() implements StageConfig {
    }

    /**
     * A template's step, built by the platform ({@link org.openenos.streaming.TemplatePipelines}), never parsed from
     * a user's pipeline: the template's own operator with the template's whole policy table. It reads the job's
     * samples as the log delivers them (the values one message posted arrive together, so a calculated point is
     * evaluated once per message) and writes output values.
     */
    record PlatformStep(JobSpec template) implements StageConfig {
        public PlatformStep {
            if (template instanceof JobSpec.Custom) {
                throw new IllegalArgumentException("a custom pipeline is not a platform step");
            }
        }
    }
}
