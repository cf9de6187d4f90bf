package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openenos.timeseries.TimeSeriesModule;
import org.openenos.timeseries.questdb.QuestDbTimeSeriesStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Without {@code openenos.timeseries.store}, the server keeps time series in the embedded store. */
class TimeSeriesStoreSelectionTest extends ServerTestBase {
    @Autowired
    TimeSeriesModule timeSeries;
    @Autowired
    ApplicationContext context;

    @Test
    void theDefaultServerStoresTimeSeriesInTheEmbeddedStoreAndLeavesTheCassandraWiringUnread() {
        assertThat(timeSeries.store()).isInstanceOf(QuestDbTimeSeriesStore.class);
        assertThat(context.containsBeanDefinition("embeddedStoreConfiguration")).isTrue();
        // by name: a class literal would load the Cassandra wiring this test says is not read
        assertThat(context.getBeanDefinitionNames()).noneMatch(name -> name.toLowerCase().contains("cassandra"));
    }
}
