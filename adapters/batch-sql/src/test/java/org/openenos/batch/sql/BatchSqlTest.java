package org.openenos.batch.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openenos.batch.ExternalSource;
import org.openenos.batch.ExternalSourceRepository;
import org.openenos.batch.ExternalSources;
import org.openenos.batch.OrgCatalog;
import org.openenos.batch.QueryResult;
import org.openenos.batch.SqlQueries;
import org.openenos.batch.SystemVariables;
import org.openenos.batch.TaskContext;
import org.openenos.batch.TaskKind;
import org.openenos.batch.TaskSpec;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.security.SecretCipher;

/**
 * The batch SQL engine on Calcite with a real PostgreSQL as the external source: a daily KPI task over known history,
 * a federated join, a sync to and from PostgreSQL and CSV, and an organization trying to read another's history.
 */
class BatchSqlTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final LocalDate DAY = LocalDate.parse("2026-03-01");
    private static EmbeddedPostgres external;
    private static final InMemoryHistory store = new InMemoryHistory();
    private static final List<MeasurePointValue> ingested = new CopyOnWriteArrayList<>();
    private static ExternalSources sources;
    private static CalciteSqlQueries engine;
    private static SqlTaskExecutor sql;
    private static SyncTaskExecutor sync;
    private static Path files;

    private static final OrgCatalog catalog = new OrgCatalog() {
        @Override
        public List<AssetRow> assets(String orgId) {
            return switch (orgId) {
                case "org1" -> List.of(new AssetRow("inv1", "Inverter 1", "inverter", "+00:00", true,
                        Map.of("capacity", 50)), new AssetRow("inv2", "Inverter 2", "inverter", "+00:00", true,
                        Map.of("capacity", 100)));
                case "org2" -> List.of(new AssetRow("secret", "Other's", "inverter", "+00:00", true, Map.of()));
                default -> List.of();
            };
        }

        @Override
        public List<String> measurePoints(String orgId, String modelId) {
            return List.of("power", "power_daily_avg");
        }
    };

    @BeforeAll
    static void start() throws Exception {
        external = EmbeddedPostgres.builder().start();
        try (Connection c = external.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE TABLE sites (asset_id TEXT PRIMARY KEY, site TEXT, peak DOUBLE "
                    + "PRECISION); INSERT INTO sites VALUES ('inv1', 'north', 40), ('inv2', 'south', 90); "
                    + "CREATE TABLE kpi (asset_id TEXT, day TEXT, avg_power DOUBLE PRECISION)");
        }
        Map<String, ExternalSource> byKey = new ConcurrentHashMap<>();
        ExternalSourceRepository repo = new ExternalSourceRepository() {
            public boolean insert(ExternalSource s) {
                return byKey.putIfAbsent(s.orgId() + "/" + s.alias(), s) == null;
            }

            public Optional<ExternalSource> find(String orgId, String alias) {
                return Optional.ofNullable(byKey.get(orgId + "/" + alias));
            }

            public List<ExternalSource> list(String orgId) {
                return byKey.values().stream().filter(s -> s.orgId().equals(orgId)).toList();
            }

            public boolean delete(String orgId, String alias) {
                return byKey.remove(orgId + "/" + alias) != null;
            }
        };
        sources = new ExternalSources(repo, new SecretCipher(new byte[32]), Clock.systemUTC());
        String url = "jdbc:postgresql://localhost:" + external.getPort() + "/postgres";
        sources.register("org1", "erp", url, "postgres", "postgres", true);
        sources.register("org1", "dw", url, "postgres", "postgres", false);
        sources.register("org2", "erp", url, "postgres", "postgres", true);
        // known history: 24 hourly values per asset on DAY for both organizations, and a value the day after
        for (int h = 0; h < 24; h++) {
            long t = DAY.atStartOfDay(UTC).toInstant().toEpochMilli() + h * 3_600_000L;
            store.values.add(new MeasurePointValue("org1", "inverter", "inv1", "power", t, 10.0 + h, null));
            store.values.add(new MeasurePointValue("org1", "inverter", "inv2", "power", t, 2.0 * h, null));
            store.values.add(new MeasurePointValue("org2", "inverter", "secret", "power", t, 999.0, null));
        }
        store.values.add(new MeasurePointValue("org1", "inverter", "inv1", "power",
                DAY.plusDays(1).atStartOfDay(UTC).toInstant().toEpochMilli(), 1000.0, null));
        engine = new CalciteSqlQueries(catalog, store, sources, new SimpleMeterRegistry());
        sql = new SqlTaskExecutor(engine, catalog, values -> {
            ingested.addAll(values);
            return CompletableFuture.completedFuture(null);
        }, sources, UTC);
        files = Files.createTempDirectory("openenos-batch-files");
        sync = new SyncTaskExecutor(engine, sources, files, UTC);
    }

    @AfterAll
    static void stop() throws Exception {
        external.close();
    }

    private static TaskContext context(String orgId, TaskSpec task) {
        Instant trigger = DAY.plusDays(1).atStartOfDay(UTC).toInstant();
        SystemVariables vars = new SystemVariables(trigger, UTC, 1, 1, Map.of());
        Map<String, String> resolved = new TreeMap<>();
        task.config().forEach((k, v) -> resolved.put(k, vars.resolve(v)));
        TaskSpec t = new TaskSpec(task.name(), task.kind(), resolved, 60, 0, 0, 10_000);
        return new TaskContext(orgId, 1, 1, 1, t, vars.calDt(), trigger, Instant.now().plusSeconds(120), 10_000,
                line -> { }, p -> { }, () -> false);
    }

    private static SqlQueries.Limits day() {
        return new SqlQueries.Limits(DAY.atStartOfDay(UTC).toInstant(), DAY.plusDays(1).atStartOfDay(UTC).toInstant(),
                1000, Duration.ofSeconds(60));
    }

    @Test
    void aDailyKpiTaskWritesEachAssetsAverageOfTheBusinessDayAsMeasurePoints() throws Exception {
        TaskSpec kpi = new TaskSpec("kpi", TaskKind.SQL, Map.of("sql", """
                SELECT asset_id, 'power_daily_avg' AS point_id, TIMESTAMP '${cal_dt} 00:00:00' AS ts,
                       AVG(num_value) AS `value`
                FROM history WHERE point_id = 'power' GROUP BY asset_id"""), 60, 0, 0, 0);
        sql.validate(kpi);
        long start = System.nanoTime();
        String summary = sql.execute(context("org1", kpi));
        long firstQueryMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(summary).isEqualTo("wrote 2 measure point values");
        double inv1 = 0;
        double inv2 = 0;
        for (int h = 0; h < 24; h++) {
            inv1 += 10.0 + h;
            inv2 += 2.0 * h;
        }
        Map<String, Object> byAsset = new TreeMap<>();
        for (MeasurePointValue v : ingested) {
            assertThat(v.pointId()).isEqualTo("power_daily_avg");
            assertThat(v.time()).isEqualTo(DAY.atStartOfDay(UTC).toInstant().toEpochMilli());
            assertThat(v.orgId()).isEqualTo("org1");
            byAsset.put(v.assetId(), v.value());
        }
        assertThat(byAsset).containsOnlyKeys("inv1", "inv2");
        assertThat((Double) byAsset.get("inv1")).isCloseTo(inv1 / 24, org.assertj.core.data.Offset.offset(1e-9));
        assertThat((Double) byAsset.get("inv2")).isCloseTo(inv2 / 24, org.assertj.core.data.Offset.offset(1e-9));
        System.out.println("first KPI task (cold engine) took " + firstQueryMillis + " ms");
    }

    @Test
    void anOrganizationsSqlSeesOnlyItsOwnHistoryAndCannotWriteForAnotherOrganizationsAsset() throws Exception {
        QueryResult stolen = engine.query("org1", "SELECT * FROM history WHERE asset_id = 'secret'", day());
        assertThat(stolen.rows()).isEmpty();
        QueryResult all = engine.query("org1", "SELECT DISTINCT asset_id FROM history ORDER BY asset_id", day());
        assertThat(all.rows()).containsExactly(List.of("inv1"), List.of("inv2"));
        assertThat(engine.query("org2", "SELECT count(*) FROM history", day()).rows().get(0).get(0)).isEqualTo(24L);
        TaskSpec forge = new TaskSpec("forge", TaskKind.SQL, Map.of("sql",
                "SELECT 'secret' AS asset_id, 'power' AS point_id, TIMESTAMP '2026-03-01 00:00:00' AS ts, "
                        + "1.0 AS `value`"), 60, 0, 0, 0);
        assertThatThrownBy(() -> sql.execute(context("org1", forge)))
                .hasMessageContaining("asset secret is not an asset of the organization");
        assertThatThrownBy(() -> engine.query("org1", "DELETE FROM history", day()))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("only queries");
        assertThatThrownBy(() -> engine.query("org1", "SELECT * FROM metadata.TABLES t, org2.history h", day()))
                .isInstanceOf(OpenEnosException.class);
    }

    @Test
    void aFederatedQueryJoinsAnExternalTableWithTheHistoryInOneStatementReadOnly() {
        QueryResult r = engine.query("org1", """
                SELECT s.site, h.asset_id, MAX(h.num_value) AS peak_seen, s.peak
                FROM history h JOIN erp.public.sites s ON s.asset_id = h.asset_id
                WHERE h.point_id = 'power' GROUP BY s.site, h.asset_id, s.peak ORDER BY s.site""", day());
        assertThat(r.columns()).containsExactly("site", "asset_id", "peak_seen", "peak");
        assertThat(r.rows()).containsExactly(List.of("north", "inv1", 33.0, 40.0), List.of("south", "inv2", 46.0,
                90.0));
        QueryResult limited = new CalciteSqlQueries(catalog, store, sources, new SimpleMeterRegistry()).query("org1",
                "SELECT * FROM history", new SqlQueries.Limits(day().from(), day().to(), 5, Duration.ofSeconds(30)));
        assertThat(limited.rows()).hasSize(5);
        assertThat(limited.truncated()).isTrue();
        assertThatThrownBy(() -> engine.query("org3", "SELECT * FROM erp.public.sites", day()))
                .as("an organization without the source").hasMessageContaining("erp");
    }

    @Test
    void aSyncCopiesQueryResultsIntoPostgresqlAndBackOutThroughACsvFile() throws Exception {
        TaskSpec toDb = new TaskSpec("to-dw", TaskKind.SYNC, Map.of("source", "sql:SELECT asset_id, '${cal_dt}' AS "
                + "`day`, AVG(num_value) AS avg_power FROM history GROUP BY asset_id", "target", "dw.public.kpi",
                "mode", "overwrite"), 60, 0, 0, 0);
        sync.validate(toDb);
        assertThat(sync.execute(context("org1", toDb))).isEqualTo("wrote 2 rows into dw.public.kpi");
        assertThat(sync.execute(context("org1", toDb))).as("overwrite: a re-run replaces").contains("2 rows");
        try (Connection c = external.getPostgresDatabase().getConnection()) {
            var rs = c.createStatement().executeQuery("SELECT count(*), min(day) FROM kpi");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
            assertThat(rs.getString(2)).isEqualTo("2026-03-01");
        }
        TaskSpec toCsv = new TaskSpec("to-csv", TaskKind.SYNC, Map.of("source",
                "sql:SELECT asset_id, `day`, avg_power FROM erp.public.kpi WHERE `day` = '${cal_dt}' ORDER BY asset_id",
                "target", "csv:exports/kpi-${cal_dt8}.csv"), 60, 0, 0, 0);
        assertThat(sync.execute(context("org1", toCsv))).isEqualTo("wrote 2 rows to csv:exports/kpi-20260301.csv");
        assertThat(Files.readAllLines(files.resolve("org1/exports/kpi-20260301.csv")))
                .containsExactly("asset_id,day,avg_power", "inv1,2026-03-01,21.5", "inv2,2026-03-01,23.0");
        TaskSpec back = new TaskSpec("back", TaskKind.SYNC, Map.of("source", "csv:exports/kpi-${cal_dt8}.csv",
                "target", "dw.public.kpi", "mode", "append"), 60, 0, 0, 0);
        assertThat(sync.execute(context("org1", back))).isEqualTo("wrote 2 rows into dw.public.kpi");
        assertThat(engine.query("org1", "SELECT count(*) FROM erp.public.kpi", day()).rows().get(0).get(0))
                .isEqualTo(4L);
        TaskSpec intoReadOnly = new TaskSpec("ro", TaskKind.SYNC, Map.of("source", "csv:exports/kpi-${cal_dt8}.csv",
                "target", "erp.public.kpi"), 60, 0, 0, 0);
        assertThatThrownBy(() -> sync.execute(context("org1", intoReadOnly))).hasMessageContaining("read-only");
        TaskSpec escape = new TaskSpec("esc", TaskKind.SYNC, Map.of("source", "csv:../org2/x.csv", "target",
                "csv:y.csv"), 60, 0, 0, 0);
        assertThatThrownBy(() -> sync.execute(context("org1", escape))).hasMessageContaining("inside");
    }
}
