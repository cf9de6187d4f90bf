package org.openenos.streaming.pipeline;

/**
 * Keys operators write under a record's {@code attr}, as EnOS's operators do ({@code /attr/tslParentLookup},
 * {@code /attr/isOutlier}). An expression reads them as {@code $attr{key}}; an asset attribute added by
 * {@link Operator#AssetLookup} is read as {@code $attr{attributeId}}.
 */
public final class RecordAttributes {
    /** Prefix of the asset attributes an asset look-up adds: {@code tslAssetLookup.<attributeId>}. */
    public static final String ASSET_PREFIX = "tslAssetLookup.";
    /** In a stream's shape: every attribute of the asset may be present. */
    public static final String ALL_ASSET_ATTRIBUTES = ASSET_PREFIX + "*";
    public static final String PARENT = "tslParentLookup";
    public static final String CHILDREN = "tslChildLookup";
    public static final String IS_OUTLIER = "isOutlier";
    /** {@code below} or {@code above} for an outlier. */
    public static final String OUTLIER_ATTR = "outlierAttr";
    public static final String IS_LATE = "isLate";
    public static final String LAST_RECORD_TIME = "lastRecordTime";
    public static final String LAST_RECORD_VALUE = "lastRecordValue";
    /** {@code final} for a window's output (EnOS also knows onTime and early outputs). */
    public static final String CAL_MODE = "calMode";
    /** The aggregation of a window's output. */
    public static final String CAL_TYPE = "calType";
    /** {@code true} on records a record generator created. */
    public static final String GENERATED = "generated";

    private RecordAttributes() {
    }
}
