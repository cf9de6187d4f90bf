package org.openenos.timeseries.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.SignalType;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.LatestValueCache;
import org.openenos.timeseries.LatestValues;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.StoredLatestValues;
import org.openenos.timeseries.TimeSeriesStore;
import org.openenos.timeseries.TimeSeriesStoreContract;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;
import org.openenos.timeseries.TsdbAggregateQuery;
import org.openenos.timeseries.TsdbLatestQuery;
import org.openenos.timeseries.TsdbQuery;
import org.openenos.timeseries.TsdbQueryService;
import org.openenos.timeseries.questdb.QuestDbTimeSeriesStore;
import org.openenos.timeseries.questdb.StoreOptions;

/**
 * The store contract on a real Cassandra 5.0 node started by the test (about half a minute to start on a quiet
 * machine); every test writes under an organization of its own into one keyspace, through one store (one driver
 * session) for the whole class: opening a session and checking the schema cost seconds per test, and a store shared
 * by tests is what a server is. Beside the contract, the TSDB API's queries on Cassandra answer exactly what they answer on the
 * embedded QuestDB store for the same values.
 */
class CassandraTimeSeriesStoreContractTest extends TimeSeriesStoreContract {
    static CassandraTestNode node;
    /** The store of every test of the class, opened by the first. */
    static CassandraTimeSeriesStore shared;

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
        if (shared != null) {
            shared.close();
            shared = null;
        }
        if (node != null) {
            node.close();
        }
    }

    @Override
    protected TimeSeriesStore openStore(Clock clock) {
        if (!clock.equals(CLOCK)) {
            throw new IllegalArgumentException("the shared store runs on the contract's clock only");
        }
        if (shared == null) {
            String existing = System.getProperty("openenos.test.cassandra");
            var contact = existing == null ? node.contactPoint()
                    : new InetSocketAddress(existing.split(":")[0], Integer.parseInt(existing.split(":")[1]));
            shared = CassandraTimeSeriesStore.open(CassandraStoreConfig.singleNode(contact, "contract"), clock);
        }
        return shared;
    }

    /** Kept open for the next test; closed after the class. */
    @Override
    protected void closeStore(TimeSeriesStore store) {
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

    /**
     * Every server node answers its latest queries from here (ADR 0139): the newest time wins whatever the order of
     * the writes, and a deleted latest value stays hidden from a replay of it or of an older value, not from a newer.
     */
    @Test
    void latestValuesAreTheNewestStoredWhateverTheOrderAndADeleteHidesNoNewerValue() {
        store.append(List.of(v("a1", "temp", T0 + 2 * MIN, 2.0), v("a2", "temp", T0, 7.0)), AppendMode.NEW);
        store.append(List.of(v("a1", "temp", T0 + MIN, 1.0)), AppendMode.MAY_REPEAT); // older, written later
        var asked = List.of(series("a1", "temp"), series("a2", "temp"), series("a3", "temp"),
                new SeriesKey("another-" + org, "a1", "temp"));
        assertThat(newest(asked)).containsOnlyKeys(series("a1", "temp"), series("a2", "temp"))
                .containsEntry(series("a1", "temp"), (T0 + 2 * MIN) + "=2.0");

        assertThat(store.deleteLatest(series("a1", "temp"))).isTrue();
        assertThat(store.deleteLatest(series("a1", "temp"))).as("nothing left to delete").isFalse();
        store.append(List.of(v("a1", "temp", T0 + 2 * MIN, 2.0), v("a1", "temp", T0 + MIN, 1.0)),
                AppendMode.MAY_REPEAT);
        assertThat(newest(asked)).as("a replay does not bring the deleted value back")
                .containsOnlyKeys(series("a2", "temp"));
        assertThat(store.range(series("a1", "temp"), T0, T0 + HOUR, 10, false)).as("the history stays").hasSize(2);

        store.append(List.of(v("a1", "temp", T0 + 3 * MIN, 3.0)), AppendMode.NEW);
        assertThat(newest(asked)).containsEntry(series("a1", "temp"), (T0 + 3 * MIN) + "=3.0");
    }

    /** The store's latest values as time=value. */
    private Map<SeriesKey, String> newest(List<SeriesKey> asked) {
        var newest = new HashMap<SeriesKey, String>();
        store.latest(asked).forEach((key, v) -> newest.put(key, v.time() + "=" + v.value()));
        return newest;
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

    /**
     * The same values in Cassandra and in the embedded QuestDB store: raw pages across assets, normalized aggregates
     * of 1, 10 and 60 minutes from both stores' rollups, an hourly sum and the latest values answer alike. Three
     * assets of 150 values 30 s apart are enough for that: raw pages of 50 end inside an asset and cross to the next,
     * and the values span a closed hour and part of the next.
     */
    @Test
    void theTsdbQueriesAnswerOnCassandraExactlyAsOnTheEmbeddedStore() throws Exception {
        var assets = List.of("a1", "a2", "a3");
        int perAsset = 150;
        var values = new ArrayList<MeasurePointValue>();
        for (int a = 0; a < assets.size(); a++) {
            for (int i = 0; i < perAsset; i++) {
                values.add(v(assets.get(a), "power", T0 + i * 30 * SEC, Math.round(Math.sin(i * 0.1 + a) * 1000)
                        / 10.0));
            }
        }
        store.append(values, AppendMode.NEW);
        rollUp(store);
        try (var embedded = QuestDbTimeSeriesStore.open(workDir.resolve("reference"), StoreOptions.DEFAULTS.manual(),
                CLOCK)) {
            embedded.append(values, AppendMode.NEW);
            embedded.runMaintenance(false);
            var onCassandra = queries(store);
            var reference = queries(embedded);
            String start = Instant.ofEpochMilli(T0).toString();
            String end = Instant.ofEpochMilli(T0 + perAsset * 30 * SEC).toString();

            var raw = new TsdbQuery(org, null, assets, List.of("power"), start, end, 50, null, false, false, 0, 0);
            assertThat(onCassandra.raw(raw).items()).isNotEmpty().isEqualTo(reference.raw(raw).items());
            for (int interval : List.of(1, 10, 60)) {
                var aggregate = new TsdbAggregateQuery(org, assets, "avg(power),max(power),count(power)", interval,
                        start, end, null, false, 0, 2);
                assertThat(onCassandra.aiNormalized(aggregate).items()).as("interval %d", interval).isNotEmpty()
                        .isEqualTo(reference.aiNormalized(aggregate).items());
            }
            assertThat(store.aggregate(series("a1", "power"), T0, T0 + 3 * HOUR, HOUR, AggregateFunction.SUM))
                    .hasSize(2).isEqualTo(embedded.aggregate(series("a1", "power"), T0, T0 + 3 * HOUR, HOUR,
                            AggregateFunction.SUM));
            var latest = new TsdbLatestQuery(org, assets, List.of("power"), null, false);
            assertThat(onCassandra.latest(latest).items()).hasSize(assets.size())
                    .isEqualTo(reference.latest(latest).items());
        }
    }

    /**
     * The TSDB API's queries on a store, with its latest values as a server has them: read from Cassandra, kept in
     * memory for the embedded store.
     */
    private TsdbQueryService queries(TimeSeriesStore on) {
        LatestValues latest;
        if (on.sharedByNodes()) {
            latest = new StoredLatestValues(on);
        } else {
            var cache = new LatestValueCache(workDir.resolve("latest-" + System.nanoTime()));
            on.forEachLatest(x -> {
                if (x.orgId().equals(org)) {
                    cache.update(x);
                }
            });
            latest = cache;
        }
        return new TsdbQueryService(on, latest, AssetTimezones.UTC, (o, asset, point) -> Optional.of(SignalType.AI),
                CLOCK);
    }
}
