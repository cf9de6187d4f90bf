package org.openenos.batch.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openenos.batch.ExternalSource;
import org.openenos.batch.ExternalSourceRepository;
import org.openenos.batch.ExternalSources;
import org.openenos.batch.OrgCatalog;
import org.openenos.batch.SqlQueries;
import org.openenos.batch.TaskContext;
import org.openenos.security.SecretCipher;

/**
 * A federated query blocked in the external database ({@code pg_sleep}) is cancelled there when its time limit
 * passes or its task is cancelled: the call returns within about a second and the server's backend stops working.
 */
class JdbcCancelTest {
    private static EmbeddedPostgres external;
    private static CalciteSqlQueries engine;
    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start() throws Exception {
        external = EmbeddedPostgres.builder().start();
        try (Connection c = external.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE VIEW slow AS SELECT 1 AS x FROM pg_sleep(30); "
                    + "CREATE VIEW quick AS SELECT 1 AS x");
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
        ExternalSources sources = new ExternalSources(repo, new SecretCipher(new byte[32]), Clock.systemUTC());
        sources.register("org1", "erp", "jdbc:postgresql://localhost:" + external.getPort() + "/postgres",
                "postgres", "postgres", true);
        OrgCatalog catalog = new OrgCatalog() {
            public List<AssetRow> assets(String orgId) {
                return List.of();
            }

            public List<String> measurePoints(String orgId, String modelId) {
                return List.of();
            }
        };
        engine = new CalciteSqlQueries(catalog, new InMemoryHistory(), sources, meters);
        // the first query of a JVM compiles Calcite's code, seconds on a busy machine: not what is measured here
        engine.query("org1", "SELECT x FROM erp.public.quick", limits(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() throws Exception {
        external.close();
    }

    private static SqlQueries.Limits limits(Duration timeout) {
        return new SqlQueries.Limits(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"),
                100, timeout);
    }

    @Test
    void aQueryBlockedInTheSourcePastItsTimeLimitIsCancelledThere() throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> engine.query("org1", "SELECT x FROM erp.public.slow", limits(Duration.ofSeconds(1))))
                .hasMessageContaining("time limit");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertNoSleepingBackend();
        assertThat(meters.counter("openenos.batch.sql.cancelled", "reason", "time_limit").count()).isEqualTo(1);
    }

    @Test
    void aTaskCancelledWhileItsQueryIsBlockedInTheSourceStopsAndTheSourceStopsToo() throws Exception {
        long cancelAt = System.nanoTime() + Duration.ofMillis(800).toNanos();
        Runnable checkStop = () -> {
            if (System.nanoTime() > cancelAt) {
                throw new TaskContext.TaskStoppedException("task q stopped (time-out or cancel)");
            }
        };
        long start = System.nanoTime();
        assertThatThrownBy(() -> engine.query("org1", "SELECT x FROM erp.public.slow", limits(Duration.ofSeconds(60)),
                checkStop)).hasMessageContaining("stopped");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertNoSleepingBackend();
    }

    private static void assertNoSleepingBackend() throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        long sleeping;
        do {
            try (Connection c = external.getPostgresDatabase().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity "
                         + "WHERE state = 'active' AND query LIKE '%slow%' AND pid <> pg_backend_pid()")) {
                rs.next();
                sleeping = rs.getLong(1);
            }
            if (sleeping > 0) {
                Thread.sleep(100);
            }
        } while (sleeping > 0 && System.nanoTime() < until);
        assertThat(sleeping).as("backends still running the query").isZero();
    }
}
