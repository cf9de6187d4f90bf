package org.openenos.timeseries;

/** The result of one aggregation window starting at {@code windowStart} (UTC ms). */
public record AggregateBucket(long windowStart, double value) {
}
