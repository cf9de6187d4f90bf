package org.openenos.timeseries.cassandra;

import java.net.InetSocketAddress;
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
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.LatestValueCache;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;
import org.openenos.timeseries.TsdbAggregateQuery;
import org.openenos.timeseries.TsdbLatestQuery;
import org.openenos.timeseries.TsdbQuery;
import org.openenos.timeseries.TsdbQueryService;
import org.openenos.timeseries.TsdbResult;
import org.openenos.timeseries.questdb.QuestDbTimeSeriesStore;
import org.openenos.timeseries.questdb.StoreOptions;

/**
 * Both stores in one run, by hand (docs/benchmarks.md): the same data set ({@code steps} steps of 10 s for 100 assets
 * × 10 points) is written to the embedded QuestDB store and to Cassandra in batches of 100,000 values as the storage
 * stage hands them over, the rollups are brought up to date, then the four query shapes of the benchmarks page are
 * timed warm on each store (median and p99 of {@code runs}). Arguments: steps, runs, and the Cassandra nodes
 * (host:port,…; empty: one node started here), the replication factor and the points per asset.
 */
public final class StoreComparisonBenchmark {
    static final int ASSETS = 100;
    static int POINTS = 10;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String nodes = args.length > 2 ? args[2] : "";
        int replication = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        POINTS = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        Path dir = Files.createTempDirectory("openenos-store-bench");
        CassandraTestNode node = null;
        List<InetSocketAddress> contacts;
        if (nodes.isBlank()) {
            node = CassandraTestNode.start(dir.resolve("cassandra"), 1, CassandraTestNode.Ports.free(), "1G");
            contacts = List.of(node.contactPoint());
        } else {
            contacts = Arrays.stream(nodes.split(",")).map(h -> new InetSocketAddress(h.split(":")[0],
                    Integer.parseInt(h.split(":")[1]))).toList();
        }
        Clock clock = Clock.fixed(Instant.ofEpochMilli(T0 + steps * 10_000L + 3 * 3_600_000L), java.time.ZoneOffset.UTC);
        var cassandraConfig = new CassandraStoreConfig(contacts, "datacenter1", "bench", replication, "LOCAL_QUORUM",
                "LOCAL_QUORUM", 64, 100, java.time.Duration.ofSeconds(20), java.time.Duration.ZERO,
                java.time.Duration.ofMinutes(2), java.time.Duration.ZERO, java.time.Duration.ZERO,
                java.time.Duration.ZERO, java.time.Duration.ZERO);
        try (var questdb = QuestDbTimeSeriesStore.open(dir.resolve("questdb"), StoreOptions.DEFAULTS.manual(), clock);
             var cassandra = CassandraTimeSeriesStore.open(cassandraConfig, clock)) {
            System.out.printf("data set: %,d points (%d steps of 10 s, %d assets x %d points)%n",
                    (long) steps * ASSETS * POINTS, steps, ASSETS, POINTS);
            write("questdb", questdb, steps, 1);
            write("cassandra", cassandra, steps, contacts.size());
            long t = System.nanoTime();
            questdb.runMaintenance(false);
            System.out.printf("questdb: rollups up to date in %.1f s%n", (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            cassandra.runMaintenance();
            System.out.printf("cassandra: rollups up to date in %.1f s%n", (System.nanoTime() - t) / 1e9);
            queries("questdb", questdb, dir, runs);
            queries("cassandra", cassandra, dir, runs);
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    private static void write(String name, TimeSeriesStore store, int steps, int nodes) {
        long start = System.nanoTime();
        int batchSteps = 100; // 100,000 values per append, as the storage stage batches
        for (int s = 0; s < steps; s += batchSteps) {
            store.append(values(s, Math.min(batchSteps, steps - s)), AppendMode.NEW);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = (double) steps * ASSETS * POINTS / seconds;
        System.out.printf("%s: wrote in %.1f s: %,.0f points/s (%,.0f per node)%n", name, seconds, rate, rate / nodes);
    }

    private static void queries(String name, TimeSeriesStore store, Path dir, int runs) {
        var latest = new LatestValueCache(dir.resolve("tombstones-" + name));
        latest.rebuildFrom(store);
        var service = new TsdbQueryService(store, latest, AssetTimezones.UTC, PointSignalTypes.UNKNOWN,
                Clock.systemUTC());
        List<String> assets = IntStream.range(0, ASSETS).mapToObj(a -> "asset-" + a).toList();
        List<String> points = IntStream.range(0, POINTS).mapToObj(p -> "p" + p).toList();
        String dayStart = "2024-01-01T00:00:00Z", dayEnd = "2024-01-01T23:59:59Z";
        long from = Instant.parse(dayStart).toEpochMilli();
        time(name, "latest of " + ASSETS * POINTS + " points", runs, () -> service.latest(
                new TsdbLatestQuery("o1", assets, points, null, false)));
        time(name, "1 day raw of one point", runs, () -> service.raw(new TsdbQuery("o1", null,
                List.of("asset-42"), List.of("p1"), dayStart, dayEnd, 10_000, null, false, false, 0, 0)));
        time(name, "1-hour avg over 1 day, 100 assets (rollups)", runs, () -> service.aiNormalized(
                new TsdbAggregateQuery("o1", assets, "avg(p1)", 60, dayStart, "2024-01-02T00:00:00Z", 100, false, 0,
                        0)));
        time(name, "1-hour avg over 1 day, 100 assets, raw values (no rollup grid fits)", Math.min(runs, 10),
                () -> store.aggregate("o1", assets, "p1", from + 1, from + 1 + 86_400_000L, 3_600_000L,
                        AggregateFunction.AVG).values().stream().mapToInt(List::size).boxed().toList());
        var check = store.range(new SeriesKey("o1", "asset-42", "p1"), from, from + 86_400_000L, 10_000, false);
        System.out.printf("%s: 1 day of one point holds %d values%n", name, check.size());
    }

    private static void time(String store, String what, int runs, Supplier<?> query) {
        Object first = query.get();
        int items = first instanceof TsdbResult r ? r.items().size() : first instanceof List<?> l ? l.size() : -1;
        for (int i = 0; i < Math.min(runs, 10); i++) {
            query.get();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            query.get();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("%s: %s: %d items, median %.2f ms, p99 %.2f ms (%d runs)%n", store, what, items,
                nanos[runs / 2] / 1e6, nanos[Math.min(runs - 1, (int) (runs * 0.99))] / 1e6, runs);
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

    private StoreComparisonBenchmark() {
    }
}
