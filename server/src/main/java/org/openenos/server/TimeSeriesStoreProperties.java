package org.openenos.server;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which store keeps the time series: the embedded QuestDB store in the data directory by default, Apache Cassandra
 * for a history larger than one machine (docs/scale-out.md). Rollup settings are shared:
 * {@code openenos.time-series-storage.*}.
 *
 * @param store     questdb (embedded, one server) or cassandra (a distributed store several server nodes share)
 * @param cassandra the Cassandra cluster when the store is {@code cassandra}
 */
@ConfigurationProperties("openenos.timeseries")
public record TimeSeriesStoreProperties(@DefaultValue("questdb") Store store, @DefaultValue Cassandra cassandra) {

    public enum Store {
        QUESTDB, CASSANDRA
    }

    /**
     * @param contactPoints     some nodes of the cluster, host:port (the driver discovers the others)
     * @param localDatacenter   the data center whose nodes are queried (datacenter1 with SimpleSnitch)
     * @param keyspace          keyspace of the store's tables; created with the replication factor when missing
     * @param replicationFactor copies of each row when the keyspace is created (3 for a cluster that survives a node)
     * @param readConsistency   consistency level of reads (with writes at LOCAL_QUORUM too, reads see every write)
     * @param writeConsistency  consistency level at which a value counts as stored (the bus offsets are committed
     *                          after it)
     * @param maxInFlight       asynchronous requests open at once per server node
     * @param batchRows         rows per unlogged batch (one partition per batch)
     * @param requestTimeout    per-request time-out of the driver
     */
    public record Cassandra(@DefaultValue("127.0.0.1:9042") List<String> contactPoints,
                            @DefaultValue("datacenter1") String localDatacenter,
                            @DefaultValue("openenos") String keyspace,
                            @DefaultValue("3") int replicationFactor,
                            @DefaultValue("LOCAL_QUORUM") String readConsistency,
                            @DefaultValue("LOCAL_QUORUM") String writeConsistency,
                            @DefaultValue("64") int maxInFlight,
                            @DefaultValue("100") int batchRows,
                            @DefaultValue("10s") Duration requestTimeout) {
    }
}
