package org.openenos.batch.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openenos.batch.ExternalSource;
import org.openenos.batch.ExternalSourceRepository;
import org.openenos.batch.ExternalSources;
import org.openenos.batch.OrgCatalog;
import org.openenos.batch.QueryResult;
import org.openenos.batch.SqlQueries;
import org.openenos.model.MeasurePointValue;
import org.openenos.security.SecretCipher;

/**
 * A busy organization: 200 assets with 3 days of 5-minute values (172,800 values), more than a query's scan may
 * read (100 × maxRows). Filters on asset, point and time choose what the store is asked for, so a query on one asset
 * answers; daily KPIs come from the {@code rollups} table through the store's aggregate path.
 */
class HistoryPushdownTest {
    private static final long DAY0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;
    private static final int ASSETS = 200;
    private static final int STEPS = 3 * 288;
    private static final InMemoryHistory store = new InMemoryHistory();
    private static final AtomicInteger modelLookups = new AtomicInteger();
    private static CalciteSqlQueries engine;

    private static final OrgCatalog catalog = new OrgCatalog() {
        @Override
        public List<AssetRow> assets(String orgId) {
            List<AssetRow> rows = new ArrayList<>();
            if (orgId.equals("busy")) {
                for (int a = 0; a < ASSETS; a++) {
                    rows.add(new AssetRow("a" + a, "Asset " + a, a % 2 == 0 ? "meter" : "inverter", "+00:00", true,
                            Map.of()));
                }
            } else {
                rows.add(new AssetRow("other", "Other's", "meter", "+00:00", true, Map.of()));
            }
            return rows;
        }

        @Override
        public List<String> measurePoints(String orgId, String modelId) {
            modelLookups.incrementAndGet();
            return List.of("power", "status");
        }
    };

    @BeforeAll
    static void history() {
        List<MeasurePointValue> values = new ArrayList<>();
        for (int a = 0; a < ASSETS; a++) {
            for (int s = 0; s < STEPS; s++) {
                values.add(new MeasurePointValue("busy", "meter", "a" + a, "power", DAY0 + s * 300_000L,
                        (double) (a + s % 288), null));
            }
        }
        for (int s = 0; s < STEPS; s++) {
            values.add(new MeasurePointValue("noisy", "meter", "other", "power", DAY0 + s * 300_000L, 5000.0, null));
        }
        store.append(values, org.openenos.timeseries.TimeSeriesStore.AppendMode.NEW);
        ExternalSourceRepository none = new ExternalSourceRepository() {
            public boolean insert(ExternalSource s) {
                return false;
            }

            public Optional<ExternalSource> find(String orgId, String alias) {
                return Optional.empty();
            }

            public List<ExternalSource> list(String orgId) {
                return List.of();
            }

            public boolean delete(String orgId, String alias) {
                return false;
            }
        };
        engine = new CalciteSqlQueries(catalog, store, new ExternalSources(none, new SecretCipher(new byte[32]),
                Clock.systemUTC()), new SimpleMeterRegistry());
    }

    private static SqlQueries.Limits days(int n) {
        return new SqlQueries.Limits(Instant.ofEpochMilli(DAY0), Instant.ofEpochMilli(DAY0 + n * DAY), 1000,
                Duration.ofSeconds(60));
    }

    @Test
    void aQueryOnOneAssetOfAnOrganizationWithMoreValuesThanTheScanLimitAnswersReadingThatAssetOnly() {
        assertThatThrownBy(() -> engine.query("busy", "SELECT count(*) FROM history", days(3)))
                .as("the whole organization is more than the scan limit").hasMessageContaining("more than 100000");
        ScanStats stats = new ScanStats();
        QueryResult r = engine.query("busy", "SELECT count(*), AVG(num_value) FROM history WHERE asset_id = 'a7' "
                + "AND point_id = 'power'", days(3), stats);
        assertThat(r.rows().getFirst().get(0)).isEqualTo((long) STEPS);
        assertThat((Double) r.rows().getFirst().get(1)).isCloseTo(7 + 143.5, offset(1e-9));
        assertThat(stats.series()).isEqualTo(1);
        assertThat(stats.values()).isEqualTo(STEPS);
    }

    @Test
    void inListsAndTimeRangesNarrowWhatTheStoreIsAskedFor() {
        ScanStats stats = new ScanStats();
        QueryResult r = engine.query("busy", """
                SELECT asset_id, count(*) FROM history
                WHERE asset_id IN ('a1', 'a2', 'nobody') AND ts >= TIMESTAMP '2026-03-02 00:00:00'
                  AND ts < TIMESTAMP '2026-03-02 06:00:00'
                GROUP BY asset_id ORDER BY asset_id""", days(3), stats);
        assertThat(r.rows()).containsExactly(List.of("a1", 72L), List.of("a2", 72L));
        assertThat(stats.series()).as("two assets × two points of their models").isEqualTo(4);
        assertThat(stats.values()).isEqualTo(144);
        ScanStats or = new ScanStats();
        assertThat(engine.query("busy", "SELECT count(*) FROM history WHERE (asset_id = 'a3' OR asset_id = 'a4') "
                + "AND point_id = 'power' AND ts > TIMESTAMP '2026-03-03 23:00:00'", days(3), or).rows())
                .containsExactly(List.of(22L));
        assertThat(or.values()).isEqualTo(22);
    }

    @Test
    void filtersNeverReachAnotherOrganizationAndModelsAreResolvedOncePerModel() {
        modelLookups.set(0);
        assertThat(engine.query("busy", "SELECT count(*) FROM history WHERE asset_id = 'other'", days(3)).rows())
                .containsExactly(List.of(0L));
        assertThat(engine.query("busy", "SELECT count(*) FROM history WHERE point_id = 'status'", days(3)).rows())
                .containsExactly(List.of(0L));
        assertThat(modelLookups.get()).as("no asset of the first query, two models for the second").isEqualTo(2);
        assertThat(engine.query("busy", "SELECT count(*) FROM history WHERE asset_id = 'a1' AND asset_id = 'a2'",
                days(3)).rows()).as("contradictory filters read nothing").containsExactly(List.of(0L));
    }

    @Test
    void dailyKpisComeFromTheRollupsThroughTheStoresAggregatePathWithoutReadingRawValues() {
        int rangeCallsBefore = store.rangeCalls.get();
        ScanStats stats = new ScanStats();
        QueryResult r = engine.query("busy", """
                SELECT asset_id, ts, cnt, avg_value, max_value FROM rollups
                WHERE granularity = '1d' AND point_id = 'power' AND asset_id IN ('a0', 'a5')
                ORDER BY asset_id, ts""", days(3), stats);
        assertThat(r.rows()).hasSize(6);
        List<Object> first = r.rows().getFirst();
        assertThat(first.get(0)).isEqualTo("a0");
        assertThat(first.get(1)).isEqualTo(DAY0);
        assertThat(first.get(2)).isEqualTo(288L);
        assertThat((Double) first.get(3)).isCloseTo(143.5, offset(1e-9));
        assertThat((Double) r.rows().get(5).get(4)).isEqualTo(5.0 + 287);
        assertThat(store.rangeCalls.get()).as("no raw read").isEqualTo(rangeCallsBefore);
        assertThat(stats.values()).as("3 windows × 2 series × 3 functions").isEqualTo(18);
        QueryResult hourly = engine.query("busy", "SELECT count(*), SUM(cnt) FROM rollups WHERE granularity = '1h' "
                + "AND asset_id = 'a9' AND point_id = 'power'", days(1));
        assertThat(hourly.rows()).containsExactly(List.of(24L, 288L));
        assertThatThrownBy(() -> engine.query("busy", "SELECT * FROM rollups WHERE asset_id = 'a9'", days(1)))
                .hasMessageContaining("granularity");
        assertThatThrownBy(() -> engine.query("busy", "SELECT * FROM rollups WHERE granularity = '2d'", days(1)))
                .hasMessageContaining("unknown rollup granularity");
    }

    @Test
    void aRollupsQueryAsksTheStoreOncePerPointForAllItsFunctions() {
        int passesBefore = store.aggregatePasses.get();
        QueryResult r = engine.query("busy", """
                SELECT asset_id, cnt, avg_value, min_value, max_value FROM rollups
                WHERE granularity = '1d' AND point_id = 'power' AND asset_id IN ('a0', 'a5')""", days(3));
        assertThat(r.rows()).hasSize(6);
        assertThat(store.aggregatePasses.get() - passesBefore).as("one pass for 4 functions of 2 assets").isEqualTo(1);
    }

    @Test
    void aCastOfTheTimeToADateKeepsTheWholeLastDayOfABetween() {
        QueryResult r = engine.query("busy", """
                SELECT count(*) FROM history WHERE asset_id = 'a7' AND point_id = 'power'
                AND CAST(ts AS DATE) BETWEEN DATE '2026-03-01' AND DATE '2026-03-02'""", days(3));
        assertThat(r.rows()).as("two whole days of 5-minute values").containsExactly(List.of(2 * 288L));
        QueryResult text = engine.query("busy", """
                SELECT count(*) FROM history WHERE asset_id = 'a7' AND point_id = 'power'
                AND CAST(ts AS DATE) BETWEEN '2026-03-01' AND '2026-03-02'""", days(3));
        assertThat(text.rows()).containsExactly(List.of(2 * 288L));
    }

    @Test
    void aTruncatingCastOfATextColumnIsNotTakenForItsValue() {
        QueryResult r = engine.query("busy", """
                SELECT count(DISTINCT asset_id) FROM history WHERE point_id = 'power'
                AND CAST(asset_id AS VARCHAR(2)) = 'a1'""", days(1));
        assertThat(r.rows()).as("a1 and a10..a19, a100..a199 all start with a1").containsExactly(List.of(111L));
    }
}
