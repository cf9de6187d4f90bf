package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import org.openenos.timeseries.cassandra.CassandraStoreConfig;
import org.openenos.timeseries.cassandra.CassandraTimeSeriesStore;
import org.openenos.timeseries.policy.StoragePolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The time-series store on Apache Cassandra ({@code openenos.timeseries.store=cassandra}): server nodes share it,
 * raw values expire as the storage policies' retention says, rollups follow {@code openenos.time-series-storage.*}.
 * This class is only read when the store is cassandra, so an embedded server never loads a driver class.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "openenos.timeseries.store", havingValue = "cassandra")
public class CassandraStoreConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraStoreConfiguration.class);

    @Bean
    TimeSeriesStoreProvider timeSeriesStoreProvider(TimeSeriesStoreProperties props, OpenEnosProperties server,
                                                    StoragePolicies policies, MeterRegistry meters) {
        var c = props.cassandra();
        var s = server.timeSeriesStorage();
        var contactPoints = c.contactPoints().stream().map(CassandraStoreConfiguration::address).toList();
        var config = new CassandraStoreConfig(contactPoints, c.localDatacenter(), c.keyspace(), c.replicationFactor(),
                c.readConsistency(), c.writeConsistency(), c.maxInFlight(), c.batchRows(), c.requestTimeout(),
                s.maintenanceInterval(), s.rollupDelay(), s.minuteRollupRetention(), s.tenMinuteRollupRetention(),
                s.hourRollupRetention(), s.dayRollupRetention());
        return dir -> {
            LOG.info("time-series store: Cassandra keyspace {} at {}", c.keyspace(), c.contactPoints());
            return CassandraTimeSeriesStore.open(config, Clock.systemUTC(), policies, meters);
        };
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return new InetSocketAddress(hostPort.trim(), 9042);
        }
        return new InetSocketAddress(hostPort.substring(0, colon).trim(),
                Integer.parseInt(hostPort.substring(colon + 1).trim()));
    }
}
