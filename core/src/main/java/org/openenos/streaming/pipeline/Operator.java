package org.openenos.streaming.pipeline;

import java.util.Arrays;
import java.util.List;

/**
 * The operators a custom pipeline is built from, named after EnOS's stream operator library (Point Selector, TSL
 * Parent Asset Lookup, Fixed Time Window Aggregator, Latest Record Merger, ...). The JSON name is the enum name.
 */
public enum Operator {
    /** Keeps the organization's records of the listed points; the origin of a pipeline (it has no inputs). */
    PointSelector,
    /** Adds the attributes of the record's asset to {@code attr}. */
    AssetLookup,
    /** Adds the asset's parent on an asset tree ({@code attr.tslParentLookup}). */
    ParentAssetLookup,
    /** Adds the asset's children on an asset tree ({@code attr.tslChildLookup}, comma-separated). */
    ChildAssetLookup,
    /** Tumbling windows aligned to the epoch, output stamped at the window start. */
    FixedTimeWindowAggregator,
    /** Windows of a size that advance by a slide step, output stamped at the window start. */
    SlidingTimeWindowAggregator,
    /** The latest values of several points of an asset in one record, emitted when a trigger point arrives. */
    LatestRecordMerger,
    /** Adds the previous record of the same asset and point ({@code attr.lastRecordTime/lastRecordValue}). */
    LastRecordAppender,
    /** Tags records outside a range ({@code attr.isOutlier}, {@code attr.outlierAttr}). */
    OffLimitTagger,
    /** Tags records older than the newest seen for the same asset and point ({@code attr.isLate}). */
    LatePointTagger,
    /** Computes a point with the expression language of alert rules and calculated points. */
    ExpressionEvaluator,
    /** Creates a record of a point for each asset on a timer of the engine's clock. */
    RecordGenerator,
    /** Writes the records it receives as measure point values, through the ingest path. */
    Output,
    /** Platform only: the calculated-point template's step (the expressions of its policy table per asset). */
    CalculatedPoints,
    /** Platform only: the daily-energy template's step (energy per asset and local day). */
    DailyEnergy,
    /** Platform only: the tree roll-up template's step (aggregates over the assets below each tree node). */
    TreeRollup;

    /**
     * Operators the platform uses to build its templates, not offered to users: a user's pipeline naming one is
     * refused as naming an unknown operator.
     */
    public boolean platformOnly() {
        return this == CalculatedPoints || this == DailyEnergy || this == TreeRollup;
    }

    /** The user's operator of this JSON name; null when there is none. */
    public static Operator byName(String name) {
        return Arrays.stream(values()).filter(o -> !o.platformOnly() && o.name().equals(name)).findFirst()
                .orElse(null);
    }

    public static List<String> names() {
        return Arrays.stream(values()).filter(o -> !o.platformOnly()).map(Enum::name).toList();
    }
}
