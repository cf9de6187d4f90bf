package org.openenos.timeseries.questdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

/**
 * Bytes per point on disk before and after Parquet conversion, run by hand (see docs/benchmarks.md): writes
 * {@code days} days of 10-s sensor values (random walks with 2 decimals) for 100 assets × 10 points, runs the
 * maintenance pass (rollups, then conversion of every partition but the last day) and prints the size of each
 * partition from the engine's own listing. Arguments: days, ZSTD level, directory.
 */
public final class CompactionBenchmark {
    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int level = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("openenos-compaction-bench");
        long t0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        var clock = Clock.fixed(Instant.ofEpochMilli(t0 + days * 86_400_000L), ZoneOffset.UTC);
        var options = new StoreOptions(true, Duration.ZERO, Duration.ofMinutes(2), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ofDays(1), level, Duration.ZERO);
        try (var store = QuestDbTimeSeriesStore.open(dir, options, clock)) {
            var random = new Random(42);
            double[] walk = new double[1000];
            for (int s = 0; s < walk.length; s++) {
                walk[s] = 20 + random.nextInt(60);
            }
            long start = System.nanoTime();
            var batch = new ArrayList<MeasurePointValue>(100_000);
            for (long t = t0; t < t0 + days * 86_400_000L; t += 10_000) {
                for (int s = 0; s < walk.length; s++) {
                    walk[s] = Math.round((walk[s] + random.nextGaussian() * 0.05) * 100) / 100.0;
                    batch.add(new MeasurePointValue("o1", "m1", "asset-" + s / 10, "p" + s % 10, t, walk[s], null));
                }
                if (batch.size() >= 100_000) {
                    store.append(batch, AppendMode.NEW);
                    batch.clear();
                }
            }
            store.append(batch, AppendMode.NEW);
            System.out.printf("wrote %,d points in %.1f s%n", days * 8_640_000L, (System.nanoTime() - start) / 1e9);
            report(store, "native");
            start = System.nanoTime();
            store.runMaintenance(true);
            System.out.printf("rollups and conversion (ZSTD %d) in %.1f s%n", level, (System.nanoTime() - start) / 1e9);
            report(store, "after");
        }
    }

    private static void report(QuestDbTimeSeriesStore store, String when) {
        for (String table : List.of(QuestDbTimeSeriesStore.TABLE, "rollup_1m", "rollup_10m", "rollup_1h", "rollup_1d")) {
            for (var p : store.partitions(table)) {
                System.out.printf("%s %s %s %s %,d B%s%n", when, table, p.name(), p.parquet() ? "parquet" : "native",
                        p.diskSize(), table.equals(QuestDbTimeSeriesStore.TABLE)
                                ? String.format(" = %.2f B/point", p.diskSize() / 8_640_000.0) : "");
            }
        }
    }

    private CompactionBenchmark() {
    }
}
