package org.openenos.timeseries.questdb;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.TimeSeriesConfig;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

/**
 * Ingest throughput, run by hand (see docs/benchmarks.md): {@code store} appends straight into the QuestDB store;
 * {@code store-overlap} does the same in batches that reach behind the previous one, as the storage stage's do;
 * {@code pipeline} goes through ingest → fsynced log → storage stage → store, with many publishes in flight as many
 * devices would have, and stops the clock when everything is stored. {@code store-sustained} and
 * {@code pipeline-sustained} run for a number of seconds instead of a number of points and print the rate of every
 * 10-second window, so a rate that only holds while buffers fill shows as a falling line.
 */
public final class IngestBenchmark {
    static final int SERIES = 1_000;

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "pipeline";
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path dir = Files.createTempDirectory("openenos-bench");
        if (mode.equals("store")) {
            store(dir, points, batch);
        } else if (mode.equals("store-overlap")) {
            storeOverlapping(dir, points, batch);
        } else if (mode.equals("store-sustained")) {
            storeSustained(dir, points, batch);
        } else if (mode.equals("pipeline-sustained")) {
            pipelineSustained(dir, points, batch, args.length > 3 ? Integer.parseInt(args[3]) : 256);
        } else {
            pipeline(dir, points, batch, args.length > 3 ? Integer.parseInt(args[3]) : 256);
        }
    }

    /** The store's defaults; {@code -Dbench.tableSyncInterval=10s} measures the periodic table sync (ADR 0062). */
    private static StoreOptions options() {
        String interval = System.getProperty("bench.tableSyncInterval", "0s");
        return StoreOptions.DEFAULTS.withTableSyncInterval(
                Duration.ofSeconds(Long.parseLong(interval.replaceAll("s$", ""))));
    }

    private static void store(Path dir, int points, int batch) {
        try (var store = QuestDbTimeSeriesStore.open(dir, options(), java.time.Clock.systemUTC())) {
            long nanos = 0;
            for (int i = 0; i < points; i += batch) {
                List<MeasurePointValue> values = values(i, batch);
                long start = System.nanoTime();
                store.append(values, AppendMode.NEW);
                nanos += System.nanoTime() - start;
            }
            report("store", points, batch, nanos);
            long writerCpu = threadCpu("questdb-writer");
            System.out.printf("store writer thread CPU: %.2f s, %,.0f points per CPU-second%n", writerCpu / 1e9,
                    points / (writerCpu / 1e9));
        }
    }

    /**
     * As {@code store}, in the shape of the storage stage's batches under live load: a batch holds a time-ordered run
     * per log partition, and each partition is read up to a different time, so every batch reaches behind the newest
     * time of the batch before (here: a quarter of the series, one log partition's devices, arrive one batch late).
     */
    private static void storeOverlapping(Path dir, int points, int batch) {
        try (var store = QuestDbTimeSeriesStore.open(dir, options(), java.time.Clock.systemUTC())) {
            long nanos = 0;
            List<MeasurePointValue> late = List.of();
            for (int i = 0; i < points; i += batch) {
                var values = new ArrayList<>(late);
                var nextLate = new ArrayList<MeasurePointValue>();
                for (MeasurePointValue v : values(i, batch)) {
                    (v.assetId().hashCode() % 4 == 0 && i + batch < points ? nextLate : values).add(v);
                }
                late = nextLate;
                long start = System.nanoTime();
                store.append(values, AppendMode.NEW);
                nanos += System.nanoTime() - start;
            }
            report("store overlapping", points, batch, nanos);
            long writerCpu = threadCpu("questdb-writer");
            System.out.printf("store writer thread CPU: %.2f s, %,.0f points per CPU-second%n", writerCpu / 1e9,
                    points / (writerCpu / 1e9));
        }
    }

    /** Appends batches for {@code seconds}; the second argument is the duration, not a number of points. */
    private static void storeSustained(Path dir, int seconds, int batch) {
        try (var store = QuestDbTimeSeriesStore.open(dir, options(), java.time.Clock.systemUTC())) {
            var windows = new Windows(seconds);
            int i = 0;
            while (!windows.over()) {
                store.append(values(i, batch), AppendMode.NEW);
                i += batch;
                windows.tick(i);
            }
            windows.report("store sustained", i);
            long writerCpu = threadCpu("questdb-writer");
            System.out.printf("store writer thread CPU: %.2f s, %,.0f points per CPU-second%n", writerCpu / 1e9,
                    i / (writerCpu / 1e9));
        }
    }

    /**
     * Publishes for {@code seconds} and counts what the storage stage has stored meanwhile (subscribers hear of
     * values after they are stored): a stored rate below the acknowledged rate means the log's backlog grows.
     */
    private static void pipelineSustained(Path dir, int seconds, int batch, int inFlight) throws Exception {
        var storedPoints = new java.util.concurrent.atomic.LongAdder();
        try (var module = EmbeddedTimeSeries.start(dir, TimeSeriesConfig.DEFAULTS, AssetTimezones.UTC,
                PointSignalTypes.UNKNOWN); var counting = module.subscriptions().subscribe(
                        v -> storedPoints.add(v.size()))) {
            var permits = new Semaphore(inFlight);
            long cpuStart = processCpu();
            var windows = new Windows(seconds);
            int i = 0;
            while (!windows.over()) {
                permits.acquire();
                CompletableFuture<Void> done = module.ingest().ingest(values(i, batch));
                done.whenComplete((ok, e) -> permits.release());
                i += batch;
                windows.tick(storedPoints.sum());
            }
            long stored = storedPoints.sum();
            windows.report("pipeline sustained, stored", stored);
            System.out.printf("published (acknowledged or in flight): %,d points, %,.0f points/s; not yet stored at"
                    + " the end: %,d points%n", i, i / (seconds * 1.0), i - stored);
            long cpu = processCpu() - cpuStart;
            System.out.printf("process CPU: %.2f s, %,.0f stored points per CPU-second; store writer thread %.2f s%n",
                    cpu / 1e9, stored / (cpu / 1e9), threadCpu("questdb-writer") / 1e9);
            module.awaitStored(Duration.ofMinutes(10));
        }
    }

    /** Rates per 10-second window of a run that lasts a fixed time. */
    private static final class Windows {
        private final long start = System.nanoTime();
        private final long end;
        private long windowStart = start;
        private long windowPoints;

        Windows(int seconds) {
            end = start + seconds * 1_000_000_000L;
        }

        boolean over() {
            return System.nanoTime() >= end;
        }

        void tick(long pointsSoFar) {
            long now = System.nanoTime();
            if (now - windowStart >= 10_000_000_000L) {
                System.out.printf("  %3.0f s: %,.0f points/s%n", (now - start) / 1e9,
                        (pointsSoFar - windowPoints) / ((now - windowStart) / 1e9));
                windowStart = now;
                windowPoints = pointsSoFar;
            }
        }

        void report(String what, long points) {
            long nanos = System.nanoTime() - start;
            System.out.printf("%s: %,d points in %.1f s, %,.0f points/s%n", what, points, nanos / 1e9,
                    points / (nanos / 1e9));
        }
    }

    private static void pipeline(Path dir, int points, int batch, int inFlight) throws Exception {
        // -Dbench.partitions=N: log partitions (one fsync each per group commit); default as the server's
        var bus = org.openenos.telemetry.BusConfig.DEFAULTS;
        var config = TimeSeriesConfig.DEFAULTS.withBus(bus.withPartitions(
                Integer.getInteger("bench.partitions", bus.partitions())));
        try (var module = EmbeddedTimeSeries.start(dir, config, AssetTimezones.UTC, PointSignalTypes.UNKNOWN)) {
            var permits = new Semaphore(inFlight);
            long cpuStart = processCpu();
            long start = System.nanoTime();
            for (int i = 0; i < points; i += batch) {
                permits.acquire();
                CompletableFuture<Void> done = module.ingest().ingest(values(i, batch));
                done.whenComplete((ok, e) -> permits.release());
            }
            permits.acquire(inFlight);
            long acked = System.nanoTime() - start;
            long logWriterCpu = threadCpu("telemetry-log-writer");
            module.awaitStored(Duration.ofMinutes(10));
            report("pipeline acknowledged (" + inFlight + " in flight)", points, batch, acked);
            int publishes = (points + batch - 1) / batch;
            System.out.printf("pipeline publishes acknowledged: %,.0f/s; log writer thread CPU %.2f s, %.1f µs per"
                    + " publish%n", publishes / (acked / 1e9), logWriterCpu / 1e9, logWriterCpu / 1e3 / publishes);
            report("pipeline stored", points, batch, System.nanoTime() - start);
            long cpu = processCpu() - cpuStart;
            System.out.printf("pipeline process CPU (generator, log, stage, store): %.2f s, %,.0f points per"
                    + " CPU-second; store writer thread %.2f s%n", cpu / 1e9, points / (cpu / 1e9),
                    threadCpu("questdb-writer") / 1e9);
        }
    }

    private static final String[] ASSETS = new String[SERIES / 10];
    private static final String[] POINTS = new String[10];

    static {
        for (int a = 0; a < ASSETS.length; a++) {
            ASSETS[a] = "asset-" + a;
        }
        for (int p = 0; p < POINTS.length; p++) {
            POINTS[p] = "p" + p;
        }
    }

    /**
     * Sensor-like values: each point index {@code i} is series {@code i % SERIES}, time steps of 10 s. Ids are shared
     * instances, as a decoder that parses one device's message yields them, so the clock measures the store and not
     * string concatenation in the generator.
     */
    private static List<MeasurePointValue> values(int from, int count) {
        var values = new ArrayList<MeasurePointValue>(count);
        for (int i = from; i < from + count; i++) {
            int series = i % SERIES;
            long time = 1_700_000_000_000L + (long) (i / SERIES) * 10_000;
            values.add(new MeasurePointValue("o1", "m1", ASSETS[series / 10], POINTS[series % 10], time,
                    Math.round(Math.sin(i) * 10_000) / 100.0, null));
        }
        return values;
    }

    /**
     * CPU time, because wall-clock rates on a shared machine say more about the neighbours than about the code:
     * points per CPU-second is what one free core would sustain.
     */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long threadCpu(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .mapToLong(t -> ManagementFactory.getThreadMXBean().getThreadCpuTime(t.threadId())).sum();
    }

    private static void report(String what, int points, int batch, long nanos) {
        System.out.printf("%s: %,d points in batches of %d: %.2f s, %,.0f points/s%n", what, points, batch,
                nanos / 1e9, points / (nanos / 1e9));
    }

    private IngestBenchmark() {
    }
}
