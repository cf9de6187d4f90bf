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
 * Bytes per point on disk before and after compaction, run by hand (see docs/benchmarks.md): writes {@code days} days
 * of 10-s sensor values (random walks with 2 decimals) for 100 assets × 10 points, runs the maintenance pass
 * (rollups, then compaction of every raw day but the last into day files, ADR 0136, and conversion of the rollup
 * tables' old partitions) and prints the size of each partition from the engine's own listing, every file the store
 * keeps for the first raw day (its day file, and any partition of the day left in the engine), and the time of a
 * one-series read of that day through the store's query. Arguments: days, ZSTD level (rollups), directory, assets
 * (10 points each, default 100).
 */
public final class CompactionBenchmark {
    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("read")) { // read only: a directory this benchmark wrote before
            var options = new StoreOptions(true, Duration.ZERO, Duration.ofMinutes(2), Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO, Duration.ZERO, 3, Duration.ZERO);
            try (var store = QuestDbTimeSeriesStore.open(Path.of(args[1]), options, Clock.systemUTC())) {
                readOneSeries(store, Instant.parse("2024-01-01T00:00:00Z").toEpochMilli());
            }
            return;
        }
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int level = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("openenos-compaction-bench");
        int assets = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        long pointsPerDay = 8_640L * assets * 10;
        long t0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        var clock = Clock.fixed(Instant.ofEpochMilli(t0 + days * 86_400_000L), ZoneOffset.UTC);
        var options = new StoreOptions(true, Duration.ZERO, Duration.ofMinutes(2), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ofDays(1), level, Duration.ZERO);
        try (var store = QuestDbTimeSeriesStore.open(dir, options, clock)) {
            var random = new Random(42);
            double[] walk = new double[assets * 10];
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
            System.out.printf("wrote %,d points in %.1f s%n", days * pointsPerDay, (System.nanoTime() - start) / 1e9);
            report(store, "native", pointsPerDay);
            start = System.nanoTime();
            store.runMaintenance(true);
            var stats = store.maintenanceStats();
            System.out.printf("rollups and compaction in %.1f s, of which compaction of %d raw day(s) into day files"
                    + " %.1f s (%.1f s CPU of the maintenance thread)%n", (System.nanoTime() - start) / 1e9,
                    stats.compactedSinceStart(), stats.lastCompactionNanos() / 1e9, stats.lastCompactionCpuNanos() / 1e9);
            report(store, "after", pointsPerDay);
            listFiles(dir, pointsPerDay);
            readOneSeries(store, t0);
        }
    }

    /** Every file the store keeps for the first raw day: its day file and what the engine still has of the day. */
    private static void listFiles(Path dir, long pointsPerDay) throws java.io.IOException {
        long total = 0;
        var files = new ArrayList<Path>();
        files.add(dir.resolve("day-files").resolve("2024-01-01.parquet"));
        try (var tables = Files.list(dir)) {
            Path table = tables.filter(p -> p.getFileName().toString().startsWith(QuestDbTimeSeriesStore.TABLE + "~"))
                    .findFirst().orElseThrow();
            try (var parts = Files.list(table)) {
                for (Path day : parts.filter(p -> p.getFileName().toString().startsWith("2024-01-01")).toList()) {
                    try (var inDay = Files.list(day)) {
                        files.addAll(inDay.sorted().toList());
                    }
                }
            }
        }
        for (Path f : files) {
            if (Files.exists(f)) {
                long size = Files.size(f);
                total += size;
                System.out.printf("file %s %,d B%n", dir.relativize(f), size);
            }
        }
        System.out.printf("first raw day on disk: %,d B = %.3f B/point%n", total, total / (double) pointsPerDay);
    }

    /**
     * Medians of reading one series' whole first day, 8,640 values, 20 times over different series, after
     * {@code -DwarmUp} reads (default 5).
     */
    private static void readOneSeries(QuestDbTimeSeriesStore store, long t0) {
        long[] nanos = new long[20];
        long[] cpu = new long[20];
        int warmUp = Integer.getInteger("warmUp", 5);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < nanos.length + warmUp; i++) {
            var key = new org.openenos.timeseries.SeriesKey("o1", "asset-" + (i * 7 % 10), "p" + i % 10);
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            int n = store.range(key, t0, t0 + 86_400_000L, 10_000, false).size();
            long took = System.nanoTime() - start;
            long tookCpu = threads.getCurrentThreadCpuTime() - startCpu;
            if (n != 8_640) {
                throw new IllegalStateException("read " + n + " values");
            }
            if (i >= warmUp) {
                nanos[i - warmUp] = took;
                cpu[i - warmUp] = tookCpu;
            }
        }
        java.util.Arrays.sort(nanos);
        java.util.Arrays.sort(cpu);
        System.out.printf("one series, one compacted day: median %.2f ms, max %.2f ms; CPU of the reading thread"
                + " median %.2f ms%n", nanos[10] / 1e6, nanos[19] / 1e6, cpu[10] / 1e6);
    }

    private static void report(QuestDbTimeSeriesStore store, String when, long pointsPerDay) {
        for (String table : List.of(QuestDbTimeSeriesStore.TABLE, "rollup_1m", "rollup_10m", "rollup_1h", "rollup_1d")) {
            for (var p : store.partitions(table)) {
                System.out.printf("%s %s %s %s %,d B%s%n", when, table, p.name(), p.parquet() ? "parquet" : "native",
                        p.diskSize(), table.equals(QuestDbTimeSeriesStore.TABLE)
                                ? String.format(" = %.2f B/point", p.diskSize() / (double) pointsPerDay) : "");
            }
        }
    }

    private CompactionBenchmark() {
    }
}
