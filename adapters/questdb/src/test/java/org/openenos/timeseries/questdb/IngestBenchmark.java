package org.openenos.timeseries.questdb;

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
 * {@code pipeline} goes through ingest → fsynced log → storage stage → store, with many publishes in flight as many
 * devices would have, and stops the clock when everything is stored.
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
        } else {
            pipeline(dir, points, batch, args.length > 3 ? Integer.parseInt(args[3]) : 256);
        }
    }

    private static void store(Path dir, int points, int batch) {
        try (var store = QuestDbTimeSeriesStore.open(dir)) {
            long start = System.nanoTime();
            for (int i = 0; i < points; i += batch) {
                store.append(values(i, batch), AppendMode.NEW);
            }
            report("store", points, batch, System.nanoTime() - start);
        }
    }

    private static void pipeline(Path dir, int points, int batch, int inFlight) throws Exception {
        try (var module = EmbeddedTimeSeries.start(dir, TimeSeriesConfig.DEFAULTS, AssetTimezones.UTC,
                PointSignalTypes.UNKNOWN)) {
            var permits = new Semaphore(inFlight);
            long start = System.nanoTime();
            for (int i = 0; i < points; i += batch) {
                permits.acquire();
                CompletableFuture<Void> done = module.ingest().ingest(values(i, batch));
                done.whenComplete((ok, e) -> permits.release());
            }
            permits.acquire(inFlight);
            long acked = System.nanoTime() - start;
            module.awaitStored(Duration.ofMinutes(10));
            report("pipeline acknowledged (" + inFlight + " in flight)", points, batch, acked);
            report("pipeline stored", points, batch, System.nanoTime() - start);
        }
    }

    /** Sensor-like values: each point index {@code i} is series {@code i % SERIES}, time steps of 10 s. */
    private static List<MeasurePointValue> values(int from, int count) {
        var values = new ArrayList<MeasurePointValue>(count);
        for (int i = from; i < from + count; i++) {
            int series = i % SERIES;
            long time = 1_700_000_000_000L + (long) (i / SERIES) * 10_000;
            values.add(new MeasurePointValue("o1", "m1", "asset-" + series / 10, "p" + series % 10, time,
                    Math.round(Math.sin(i) * 10_000) / 100.0, null));
        }
        return values;
    }

    private static void report(String what, int points, int batch, long nanos) {
        System.out.printf("%s: %,d points in batches of %d: %.2f s, %,.0f points/s%n", what, points, batch,
                nanos / 1e9, points / (nanos / 1e9));
    }

    private IngestBenchmark() {
    }
}
