package org.openenos.timeseries.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openenos.error.OpenEnosException;
import org.openenos.timeseries.TimeSeriesStore;
import org.openenos.timeseries.TimeSeriesStoreContract;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

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

    @Test
    void aDayWhoseIndexWriteFailedIsRecordedWhenTheWriteIsRetried() {
        var cassandra = (CassandraTimeSeriesStore) store;
        var values = List.of(v("a1", "p1", T0 + 5 * HOUR, 1.5));
        cassandra.session().execute("DROP TABLE contract.series_days");
        try {
            assertThatThrownBy(() -> store.append(values, AppendMode.NEW)).isInstanceOf(OpenEnosException.class);
        } finally {
            CassandraSchema.create(cassandra.session(), "contract", 1, Duration.ofSeconds(10));
        }

        store.append(values, AppendMode.NEW);   // the storage stage retries the batch

        assertThat(store.range(series("a1", "p1"), T0, T0 + DAY, 10, false)).extracting(v -> v.value())
                .containsExactly(1.5);
    }

    @Test
    void retentionReadsOnlyTheDaysThatExpired() {
        var cassandra = (CassandraTimeSeriesStore) store;
        for (int day = 0; day < 4; day++) {
            store.append(List.of(v("a1", "p1", T0 + day * DAY + HOUR, (double) day),
                    v("a2", "p1", T0 + day * DAY + HOUR, (double) day)), AppendMode.NEW);
        }
        store.deleteBefore(T0 + 2 * DAY);
        assertThat(store.range(series("a1", "p1"), T0, T0 + 4 * DAY, 10, false)).extracting(v -> v.value())
                .containsExactly(2.0, 3.0);

        long before = cassandra.retentionRowsRead();
        store.deleteBefore(T0 + 2 * DAY);
        assertThat(cassandra.retentionRowsRead() - before).as("index rows read when no day expired").isZero();

        store.append(List.of(v("a1", "p1", T0 + HOUR, 9.0)), AppendMode.NEW);   // late values of an expired day
        before = cassandra.retentionRowsRead();
        store.deleteBefore(T0 + 2 * DAY);
        assertThat(cassandra.retentionRowsRead() - before).as("the one expired day and its one series").isEqualTo(2);
        assertThat(store.range(series("a1", "p1"), T0, T0 + DAY, 10, false)).isEmpty();
        assertThat(store.range(series("a2", "p1"), T0 + 2 * DAY, T0 + 4 * DAY, 10, false)).hasSize(2);
    }
}
