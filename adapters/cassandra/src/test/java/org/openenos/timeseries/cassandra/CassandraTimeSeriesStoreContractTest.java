package org.openenos.timeseries.cassandra;

import java.nio.file.Files;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openenos.timeseries.TimeSeriesStore;
import org.openenos.timeseries.TimeSeriesStoreContract;

/**
 * The store contract on a real Cassandra 5.0 node started by the test (about a minute to start here); every test
 * writes under an organization of its own into one keyspace.
 */
class CassandraTimeSeriesStoreContractTest extends TimeSeriesStoreContract {
    static CassandraTestNode node;

    @BeforeAll
    static void startCassandra() throws Exception {
        String existing = System.getProperty("openenos.test.cassandra");
        if (existing == null) {
            node = CassandraTestNode.start(Files.createTempDirectory("openenos-cassandra"), 1,
                    CassandraTestNode.Ports.free(), "768M");
        }
    }

    @AfterAll
    static void stopCassandra() {
        if (node != null) {
            node.close();
        }
    }

    @Override
    protected TimeSeriesStore openStore(Clock clock) {
        String existing = System.getProperty("openenos.test.cassandra");
        var contact = existing == null ? node.contactPoint()
                : new java.net.InetSocketAddress(existing.split(":")[0], Integer.parseInt(existing.split(":")[1]));
        return CassandraTimeSeriesStore.open(CassandraStoreConfig.singleNode(contact, "contract"), clock);
    }

    @Override
    protected void rollUp(TimeSeriesStore store) {
        ((CassandraTimeSeriesStore) store).runMaintenance();
    }
}
