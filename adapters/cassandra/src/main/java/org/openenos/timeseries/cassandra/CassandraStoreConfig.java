package org.openenos.timeseries.cassandra;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of the Cassandra store.
 *
 * @param contactPoints       some nodes of the cluster (the driver discovers the others)
 * @param localDatacenter     the data center whose nodes are queried (SimpleSnitch's is {@code datacenter1})
 * @param keyspace            created with {@code replicationFactor} if it does not exist, tables likewise
 * @param replicationFactor   copies of each row (SimpleStrategy); 3 for a cluster that survives a node
 * @param readConsistency     e.g. {@code LOCAL_QUORUM}: with writes at the same level, reads see every write
 * @param writeConsistency    the level at which {@code append} counts a row as stored
 * @param maxInFlight         asynchronous requests a store has open at once (back-pressure on the writer)
 * @param batchRows           rows per unlogged batch (all of one partition)
 * @param requestTimeout      the driver's per-request time-out
 * @param maintenanceInterval how often closed hours with new values are rolled up; ZERO leaves it to explicit calls
 * @param rollupDelay         how long after an hour ends its values are rolled up
 * @param minuteRollupRetention, tenMinuteRollupRetention, hourRollupRetention, dayRollupRetention
 *                            how long rollup rows live (their TTL counts from the window's start)
 */
public record CassandraStoreConfig(List<InetSocketAddress> contactPoints, String localDatacenter, String keyspace,
                                   int replicationFactor, String readConsistency, String writeConsistency,
                                   int maxInFlight, int batchRows, Duration requestTimeout,
                                   Duration maintenanceInterval, Duration rollupDelay,
                                   Duration minuteRollupRetention, Duration tenMinuteRollupRetention,
                                   Duration hourRollupRetention, Duration dayRollupRetention) {
    private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

    public CassandraStoreConfig {
        contactPoints = List.copyOf(contactPoints);
        if (contactPoints.isEmpty()) {
            throw new IllegalArgumentException("at least one Cassandra contact point is needed");
        }
        if (!KEYSPACE.matcher(keyspace).matches()) {
            throw new IllegalArgumentException("keyspace must be letters, digits and _ (at most 48): " + keyspace);
        }
        if (replicationFactor < 1 || maxInFlight < 1 || batchRows < 1) {
            throw new IllegalArgumentException("replicationFactor, maxInFlight and batchRows must be positive");
        }
    }

    /** One node on {@code host:port}, keyspace {@code keyspace}, replication 1, manual maintenance (tests, tools). */
    public static CassandraStoreConfig singleNode(InetSocketAddress node, String keyspace) {
        return new CassandraStoreConfig(List.of(node), "datacenter1", keyspace, 1, "LOCAL_QUORUM", "LOCAL_QUORUM",
                64, 100, Duration.ofSeconds(20), Duration.ZERO, Duration.ofMinutes(2), Duration.ofDays(90),
                Duration.ofDays(366), Duration.ofDays(3653), Duration.ofDays(3653));
    }

    public CassandraStoreConfig withReplicationFactor(int factor) {
        return new CassandraStoreConfig(contactPoints, localDatacenter, keyspace, factor, readConsistency,
                writeConsistency, maxInFlight, batchRows, requestTimeout, maintenanceInterval, rollupDelay,
                minuteRollupRetention, tenMinuteRollupRetention, hourRollupRetention, dayRollupRetention);
    }

    Duration retention(RollupLevel level) {
        return switch (level) {
            case MINUTE -> minuteRollupRetention;
            case TEN_MINUTES -> tenMinuteRollupRetention;
            case HOUR -> hourRollupRetention;
            case DAY -> dayRollupRetention;
        };
    }
}
