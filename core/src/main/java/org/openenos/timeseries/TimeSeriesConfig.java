package org.openenos.timeseries;

import org.openenos.telemetry.BusConfig;

/**
 * Settings of the telemetry pipeline and time-series module.
 *
 * @param bus    the embedded log between ingest and storage (partitions default 4)
 * @param policy which values are stored; by default every one ({@link StoragePolicy#STORE_EVERYTHING})
 */
public record TimeSeriesConfig(BusConfig bus, StoragePolicy policy) {
    public static final TimeSeriesConfig DEFAULTS = new TimeSeriesConfig(BusConfig.DEFAULTS,
            StoragePolicy.STORE_EVERYTHING);

    public TimeSeriesConfig withPolicy(StoragePolicy storagePolicy) {
        return new TimeSeriesConfig(bus, storagePolicy);
    }

    public TimeSeriesConfig withBus(BusConfig config) {
        return new TimeSeriesConfig(config, policy);
    }
}
