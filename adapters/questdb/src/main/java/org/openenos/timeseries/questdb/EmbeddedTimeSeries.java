package org.openenos.timeseries.questdb;

import java.nio.file.Path;
import org.openenos.telemetry.TelemetryBusProvider;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.TimeSeriesConfig;
import org.openenos.timeseries.TimeSeriesModule;

/**
 * The default, embedded time-series set-up for the server: the QuestDB store in {@code dataDir/questdb} and the
 * telemetry log in {@code dataDir/pipeline}. Close the returned module on shutdown.
 */
public final class EmbeddedTimeSeries {
    private EmbeddedTimeSeries() {
    }

    public static TimeSeriesModule start(Path dataDir, TimeSeriesConfig config, AssetTimezones timezones,
                                         PointSignalTypes signals) {
        return start(dataDir, config, timezones, signals, StoreOptions.DEFAULTS);
    }

    /** As {@link #start(Path, TimeSeriesConfig, AssetTimezones, PointSignalTypes)} with the store's own options. */
    public static TimeSeriesModule start(Path dataDir, TimeSeriesConfig config, AssetTimezones timezones,
                                         PointSignalTypes signals, StoreOptions options) {
        return start(dataDir, config, timezones, signals, options, TelemetryBusProvider.embedded(config.bus()));
    }

    /** As above, on the bus {@code busProvider} opens (Kafka, for a cluster) instead of the embedded log. */
    public static TimeSeriesModule start(Path dataDir, TimeSeriesConfig config, AssetTimezones timezones,
                                         PointSignalTypes signals, StoreOptions options,
                                         TelemetryBusProvider busProvider) {
        var store = QuestDbTimeSeriesStore.open(dataDir.resolve("questdb"), options, java.time.Clock.systemUTC());
        try {
            return TimeSeriesModule.start(dataDir.resolve("pipeline"), config, store, timezones, signals, busProvider);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
