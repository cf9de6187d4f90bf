package org.openenos.timeseries;

import org.openenos.model.MeasurePointValue;

/**
 * Decides which values go into the time-series store; values it rejects still update the latest value, as in EnOS
 * where points without a policy only reach Redis.
 */
@FunctionalInterface
public interface StoragePolicy {

    /**
     * Our default stores every point so that a new user sees history at once; EnOS stores nothing until a policy
     * group covers the point, which surprises people trying the platform.
     */
    StoragePolicy STORE_EVERYTHING = value -> true;

    boolean stores(MeasurePointValue value);

    /** The time before which stored values may be deleted, or empty to keep everything (the default). */
    default java.util.Optional<Long> retentionCutoff(long now) {
        return java.util.Optional.empty();
    }
}
