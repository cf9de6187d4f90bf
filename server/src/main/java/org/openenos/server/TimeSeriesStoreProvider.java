package org.openenos.server;

import java.nio.file.Path;
import org.openenos.timeseries.TimeSeriesStore;

/** Opens the configured time-series store; {@code timeSeriesDir} is the data directory's time-series folder. */
@FunctionalInterface
public interface TimeSeriesStoreProvider {
    TimeSeriesStore open(Path timeSeriesDir);
}
