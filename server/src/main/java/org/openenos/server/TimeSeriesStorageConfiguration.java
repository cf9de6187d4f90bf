package org.openenos.server;

import org.openenos.timeseries.questdb.StoreOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded time-series store's rollups and Parquet compaction, from {@code openenos.time-series-storage.*}. */
@Configuration(proxyBeanMethods = false)
public class TimeSeriesStorageConfiguration {

    @Bean
    StoreOptions timeSeriesStoreOptions(OpenEnosProperties props) {
        var s = props.timeSeriesStorage();
        return new StoreOptions(s.rollups(), s.maintenanceInterval(), s.rollupDelay(), s.minuteRollupRetention(),
                s.tenMinuteRollupRetention(), s.hourRollupRetention(), s.dayRollupRetention(), s.parquetAfter(),
                s.parquetCompressionLevel(), s.tableSyncInterval());
    }
}
