package org.openenos.streaming;

import java.util.Arrays;
import java.util.Locale;

/**
 * Aggregations of the tree roll-up over the fresh inputs below a node. {@code AVAILABILITY} is online ÷ total: the
 * share of the input model's assets below the node whose value is fresh and non-zero, of all of them (an asset that
 * never reported or went stale counts as offline).
 */
public enum RollupAggregation {
    SUM, AVG, MIN, MAX, COUNT, AVAILABILITY;

    public static RollupAggregation parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.name().equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "must be one of sum, avg, min, max, count, availability"));
    }
}
