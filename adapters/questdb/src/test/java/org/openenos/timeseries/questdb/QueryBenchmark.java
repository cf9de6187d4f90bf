package org.openenos.timeseries.questdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.LatestValueCache;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;
import org.openenos.timeseries.TsdbAggregateQuery;
import org.openenos.timeseries.TsdbLatestQuery;
import org.openenos.timeseries.TsdbQuery;
import org.openenos.timeseries.TsdbQueryService;
import org.openenos.timeseries.TsdbResult;

/**
 * Query latency through {@link TsdbQueryService}, run by hand (see docs/benchmarks.md): writes {@code steps} time
 * steps of 10 s for 100 assets × 10 points (12,000 steps = 12 M points, about 33 hours), then times each query warm
 * and prints median and p99 of {@code runs} repetitions. Arguments: steps, runs, directory, and {@code reuse} to query
 * a directory written by an earlier run without writing again.
 */
public final class QueryBenchmark {
    static final int ASSETS = 100, POINTS = 10;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 12_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("openenos-query-bench");
        boolean reuse = args.length > 3 && args[3].equals("reuse") && Files.isDirectory(dir.resolve("db"));
        try (var store = QuestDbTimeSeriesStore.open(dir.resolve("db"), StoreOptions.DEFAULTS.manual(),
                Clock.systemUTC())) {
            long start = System.nanoTime();
            int batchSteps = 100;
            for (int s = 0; s < (reuse ? 0 : steps); s += batchSteps) {
                store.append(values(s, Math.min(batchSteps, steps - s)), AppendMode.NEW);
            }
            System.out.printf("wrote %,d points in %.1f s%n", (long) steps * ASSETS * POINTS,
                    (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            store.runMaintenance(false);
            System.out.printf("rollups up to date in %.1f s%n", (System.nanoTime() - start) / 1e9);
            var latest = new LatestValueCache(dir.resolve("tombstones"));
            latest.rebuildFrom(store);
            var service = new TsdbQueryService(store, latest, AssetTimezones.UTC, PointSignalTypes.UNKNOWN,
                    Clock.systemUTC());
            List<String> assets = IntStream.range(0, ASSETS).mapToObj(a -> "asset-" + a).toList();
            List<String> points = IntStream.range(0, POINTS).mapToObj(p -> "p" + p).toList();
            String dayStart = "2024-01-01T06:00:00Z", dayEnd = "2024-01-02T05:59:59Z";
            time("latest of 1,000 points", runs, () -> service.latest(
                    new TsdbLatestQuery("o1", assets, points, null, false)), 1_000);
            time("1 day raw of one point", runs, () -> service.raw(new TsdbQuery("o1", null,
                    List.of("asset-42"), List.of("p3"), dayStart, dayEnd, 10_000, null, false, false, 0, 0)), 8_640);
            var key = new org.openenos.timeseries.SeriesKey("o1", "asset-42", "p3");
            long from = Instant.parse(dayStart).toEpochMilli();
            time("1 day raw of one point, store only", runs, () -> store.range(key, from, from + 86_400_000L, 10_000,
                    false), 8_640);
            time("1-hour avg over 1 day, 100 assets, store only", runs, () -> store.aggregate("o1", assets, "p3", from,
                    from + 86_400_000L, 3_600_000L, org.openenos.timeseries.AggregateFunction.AVG).values().stream()
                    .mapToInt(List::size).boxed().toList(), 2_400);
            // A/B in one run: windows offset by 1 ms fit no rollup grid, so the same query reads raw values.
            time("1-hour avg over 1 day, 100 assets, store only, raw values (no rollup fits)", Math.min(runs, 30),
                    () -> store.aggregate("o1", assets, "p3", from + 1, from + 1 + 86_400_000L, 3_600_000L,
                            org.openenos.timeseries.AggregateFunction.AVG).values().stream().mapToInt(List::size)
                            .boxed().toList(), 2_400);
            time("1-hour avg over 1 day, 100 assets", runs, () -> service.aiNormalized(new TsdbAggregateQuery("o1",
                    assets, "avg(p3)", 60, dayStart, "2024-01-02T06:00:00Z", 100, false, 0, 0)), 2_400);
        }
    }

    private static void time(String what, int runs, Supplier<?> query, int expectedItems) {
        int items = switch (query.get()) {
            case TsdbResult r -> r.items().size();
            case List<?> l when !l.isEmpty() && l.getFirst() instanceof Integer -> l.stream().mapToInt(i -> (Integer) i)
                    .sum();
            case List<?> l -> l.size();
            default -> -1;
        };
        for (int i = 0; i < Math.min(runs, 50); i++) {
            query.get();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            query.get();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("%s: %d items (expected %d), median %.2f ms, p99 %.2f ms (%d runs)%n", what, items,
                expectedItems, nanos[runs / 2] / 1e6, nanos[(int) (runs * 0.99)] / 1e6, runs);
    }

    private static List<MeasurePointValue> values(int fromStep, int steps) {
        var values = new ArrayList<MeasurePointValue>(steps * ASSETS * POINTS);
        for (int s = fromStep; s < fromStep + steps; s++) {
            long time = T0 + s * 10_000L;
            for (int a = 0; a < ASSETS; a++) {
                for (int p = 0; p < POINTS; p++) {
                    values.add(new MeasurePointValue("o1", "m1", "asset-" + a, "p" + p, time,
                            Math.round(Math.sin(s + a * 7 + p) * 10_000) / 100.0, null));
                }
            }
        }
        return values;
    }

    private QueryBenchmark() {
    }
}
