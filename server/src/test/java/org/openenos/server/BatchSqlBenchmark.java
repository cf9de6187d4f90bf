package org.openenos.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.batch.ExternalSource;
import org.openenos.batch.ExternalSourceRepository;
import org.openenos.batch.ExternalSources;
import org.openenos.batch.OrgCatalog;
import org.openenos.batch.QueryResult;
import org.openenos.batch.SqlQueries;
import org.openenos.batch.sql.CalciteSqlQueries;
import org.openenos.model.MeasurePointValue;
import org.openenos.security.SecretCipher;
import org.openenos.timeseries.TimeSeriesStore;
import org.openenos.timeseries.questdb.QuestDbTimeSeriesStore;
import org.openenos.timeseries.questdb.StoreOptions;

/**
 * Batch SQL over 30 days × 1,000 points (100 assets × 10 points, one value every 15 minutes: 2.88 M values) in the
 * embedded QuestDB store: the daily average per point from the raw {@code history} table and from {@code rollups},
 * then both joined with a 10,000-row table of a real PostgreSQL registered as a federated source. Prints time and
 * the peak heap per query. Arguments: working directory (default a temporary one), repetitions (default 3),
 * {@code reuse} to query the history an earlier run left in that directory.
 */
public final class BatchSqlBenchmark {
    private static final int ASSETS = 100;
    private static final int POINTS = 10;
    private static final int DAYS = 30;
    private static final long STEP = Duration.ofMinutes(15).toMillis();

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("batch-sql-bench");
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long to = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long from = to - DAYS * 86_400_000L;
        List<String> points = new ArrayList<>();
        for (int p = 0; p < POINTS; p++) {
            points.add("p" + p);
        }
        OrgCatalog catalog = new OrgCatalog() {
            @Override
            public List<AssetRow> assets(String orgId) {
                List<AssetRow> rows = new ArrayList<>();
                for (int a = 0; a < ASSETS; a++) {
                    rows.add(new AssetRow("a" + a, "Asset " + a, "meter", "+00:00", true, Map.of()));
                }
                return rows;
            }

            @Override
            public List<String> measurePoints(String orgId, String modelId) {
                return points;
            }
        };
        try (var store = QuestDbTimeSeriesStore.open(dir.resolve("db"), StoreOptions.DEFAULTS.manual(),
                Clock.systemUTC()); EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            long t0 = System.nanoTime();
            boolean reuse = args.length > 2 && args[2].equals("reuse"); // the history of an earlier run in dir
            List<MeasurePointValue> batch = new ArrayList<>();
            for (long t = from; t < to && !reuse; t += STEP) {
                for (int a = 0; a < ASSETS; a++) {
                    for (String p : points) {
                        batch.add(new MeasurePointValue("bench", "meter", "a" + a, p, t, (t / STEP) % 96 + a, null));
                    }
                }
                if (batch.size() >= 100_000) {
                    store.append(batch, TimeSeriesStore.AppendMode.NEW);
                    batch.clear();
                }
            }
            if (!reuse) {
                store.append(batch, TimeSeriesStore.AppendMode.NEW);
            }
            System.out.printf("wrote %,d values in %.1f s%n", (long) ASSETS * POINTS * DAYS * 96,
                    (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            store.runMaintenance(false);
            System.out.printf("rollups computed in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE TABLE point_meta (asset_id TEXT, point_id TEXT, site TEXT, "
                        + "factor DOUBLE PRECISION, PRIMARY KEY (asset_id, point_id))");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO point_meta VALUES (?, ?, ?, ?)")) {
                    for (int a = 0; a < ASSETS; a++) {
                        for (int p = 0; p < 100; p++) { // 10,000 rows, 1,000 of them match a stored series
                            ps.setString(1, "a" + a);
                            ps.setString(2, "p" + p);
                            ps.setString(3, "site" + (a % 10));
                            ps.setDouble(4, 1 + p / 100.0);
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
            }
            Map<String, ExternalSource> bySource = new ConcurrentHashMap<>();
            ExternalSources sources = new ExternalSources(new ExternalSourceRepository() {
                public boolean insert(ExternalSource s) {
                    return bySource.putIfAbsent(s.alias(), s) == null;
                }

                public Optional<ExternalSource> find(String orgId, String alias) {
                    return Optional.ofNullable(bySource.get(alias));
                }

                public List<ExternalSource> list(String orgId) {
                    return List.copyOf(bySource.values());
                }

                public boolean delete(String orgId, String alias) {
                    return bySource.remove(alias) != null;
                }
            }, new SecretCipher(new byte[32]), Clock.systemUTC());
            sources.register("bench", "erp", "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres",
                    "postgres", "postgres", true);
            CalciteSqlQueries engine = new CalciteSqlQueries(catalog, store, sources, new SimpleMeterRegistry());
            SqlQueries.Limits limits = new SqlQueries.Limits(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to),
                    100_000, Duration.ofMinutes(10));
            Map<String, String> queries = new java.util.LinkedHashMap<>();
            queries.put("daily avg per point, raw history", """
                    SELECT asset_id, point_id, FLOOR(ts TO DAY) AS d, AVG(num_value) AS v FROM history
                    GROUP BY asset_id, point_id, FLOOR(ts TO DAY)""");
            queries.put("daily avg per point, rollups 1d", """
                    SELECT asset_id, point_id, ts AS d, avg_value AS v FROM rollups WHERE granularity = '1d'""");
            queries.put("federated join (10,000 rows) with raw history", """
                    SELECT m.site, FLOOR(h.ts TO DAY) AS d, AVG(h.num_value * m.factor) AS v
                    FROM history h JOIN erp.public.point_meta m ON m.asset_id = h.asset_id AND m.point_id = h.point_id
                    GROUP BY m.site, FLOOR(h.ts TO DAY)""");
            queries.put("federated join (10,000 rows) with rollups 1d", """
                    SELECT m.site, r.ts AS d, AVG(r.avg_value * m.factor) AS v
                    FROM rollups r JOIN erp.public.point_meta m ON m.asset_id = r.asset_id AND m.point_id = r.point_id
                    WHERE r.granularity = '1d' GROUP BY m.site, r.ts""");
            for (int rep = 1; rep <= repetitions; rep++) {
                for (var q : queries.entrySet()) {
                    System.gc();
                    PeakHeap peak = PeakHeap.start();
                    long started = System.nanoTime();
                    QueryResult r = engine.query("bench", q.getValue(), limits);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    System.out.printf("run %d | %s | %,d rows | %.2f s | peak heap %,d MB%n", rep, q.getKey(),
                            r.rows().size(), seconds, peak.stop() / 1_048_576);
                }
            }
            System.out.printf("process peak RSS %s%n", Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("?"));
        }
    }

    /** Samples the used heap every 5 ms while a query runs. */
    private static final class PeakHeap {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private Thread sampler;

        static PeakHeap start() {
            PeakHeap p = new PeakHeap();
            var memory = ManagementFactory.getMemoryMXBean();
            p.sampler = Thread.ofPlatform().daemon().start(() -> {
                while (p.running) {
                    p.peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return p;
        }

        long stop() throws InterruptedException {
            running = false;
            sampler.join();
            return peak.get();
        }
    }
}
