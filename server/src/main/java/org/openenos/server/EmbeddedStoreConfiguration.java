package org.openenos.server;

import java.time.Clock;
import org.openenos.timeseries.questdb.QuestDbTimeSeriesStore;
import org.openenos.timeseries.questdb.StoreOptions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The default time-series store: QuestDB in {@code <data-dir>/timeseries/questdb} (no Cassandra class loaded). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "openenos.timeseries.store", havingValue = "questdb", matchIfMissing = true)
public class EmbeddedStoreConfiguration {

    @Bean
    TimeSeriesStoreProvider timeSeriesStoreProvider(StoreOptions options) {
        return dir -> QuestDbTimeSeriesStore.open(dir.resolve("questdb"), options, Clock.systemUTC());
    }
}
