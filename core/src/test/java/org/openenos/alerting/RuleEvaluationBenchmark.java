package org.openenos.alerting;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openenos.model.DataType;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.SignalType;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;
import org.openenos.testkit.InMemoryAlertStores;

/**
 * Rule evaluation throughput and point→alert latency: 10,000 rules (1,000 models × 10 points, one threshold rule
 * each), 10,000 assets, values offered at a fixed rate in batches as the storage stage hands them over. About 1% of
 * values cross the threshold and 1% of the others recover, so alerts are raised and recovered all along.
 * Latency is measured from each value's scheduled arrival (the offered rate's clock, not the moment the generator got
 * round to handing it over) to the RAISED callback, so time spent waiting on back-pressure counts. In-memory stores
 * (the database is not measured).
 *
 * <p>Arguments: values per second (100000), seconds (10), evaluator partitions (2), queue capacity in batches per
 * partition (256), warm-up seconds whose alerts are not measured (0). The command is in docs/benchmarks.md.
 */
public final class RuleEvaluationBenchmark {
    public static void main(String[] args) throws Exception {
        int models = 1_000;
        int pointsPerModel = 10;
        int assetsPerModel = 10;
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int capacity = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        int warmupSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        java.util.concurrent.atomic.AtomicLong measureFrom = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        String org = "bench";

        InMemoryAlertStores stores = new InMemoryAlertStores();
        stores.save(new CatalogEntry(CatalogEntry.Kind.SEVERITY, org, "major", StringI18n.of("Major"), null, null,
                null));
        Map<String, ThingModel> modelMap = new HashMap<>();
        for (int m = 0; m < models; m++) {
            Map<String, ThingMeasurepoint> pts = new HashMap<>();
            for (int p = 0; p < pointsPerModel; p++) {
                pts.put("p" + p, new ThingMeasurepoint("p" + p, StringI18n.of("p"), null, null, DataType.DOUBLE, null,
                        false, SignalType.AI, null));
                stores.save(new AlertRule(org, "r" + m + "_" + p, StringI18n.of("r"), "m" + m, "p" + p, null, null,
                        "${p" + p + "} > 99", "${p" + p + "} < 1", "major", null, null, null, true, false, null, 0,
                        0, null, null, java.time.Instant.now()));
            }
            modelMap.put("m" + m, new ThingModel("m" + m, null, org, StringI18n.of("m"), null, null, null, pts, null,
                    null));
        }
        AlertAssets assets = new AlertAssets() {
            public Optional<AssetFacts> asset(String orgId, String assetId) {
                return Optional.of(new AssetFacts(orgId, assetId, "m", "/m", StringI18n.of(assetId), "+00:00",
                        Map.of(), List.of()));
            }

            public Optional<ThingModel> model(String orgId, String modelId) {
                return Optional.ofNullable(modelMap.get(modelId));
            }
        };
        AlertEngine engine = new AlertEngine(new AlertEngine.Config(partitions, Duration.ofSeconds(1), capacity), stores, stores,
                stores, stores, assets, Clock.systemUTC(), new SimpleMeterRegistry()).start();
        long[] latencies = new long[rate * seconds];
        AtomicInteger raised = new AtomicInteger();
        engine.addListener((change, alert, rule) -> {
            if (change == AlertListener.Change.RAISED && alert.occurTime() >= measureFrom.get()) {
                int i = raised.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = System.currentTimeMillis() - alert.occurTime();
                }
            }
        });

        // Ids are built once so the generator measures the engine, not string concatenation.
        String[] modelIds = new String[models];
        String[][] assetIds = new String[models][assetsPerModel];
        String[] pointIds = new String[pointsPerModel];
        for (int m = 0; m < models; m++) {
            modelIds[m] = "m" + m;
            for (int a = 0; a < assetsPerModel; a++) {
                assetIds[m][a] = "a" + m + "_" + a;
            }
        }
        for (int p = 0; p < pointsPerModel; p++) {
            pointIds[p] = "p" + p;
        }
        int batch = 100;
        long intervalNanos = 1_000_000_000L * batch / rate;
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        measureFrom.set(startMillis + warmupSeconds * 1000L);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (long sent = 0; sent < total; sent += batch) {
            long due = start + (sent / batch) * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long now = startMillis + (due - start) / 1_000_000;
            List<MeasurePointValue> values = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                int m = rnd.nextInt(models);
                double v = rnd.nextDouble(100.0);
                values.add(new MeasurePointValue(org, modelIds[m], assetIds[m][rnd.nextInt(assetsPerModel)],
                        pointIds[rnd.nextInt(pointsPerModel)], now, v, null));
            }
            engine.onValues(values);
        }
        engine.flush();
        double elapsed = (System.nanoTime() - start) / 1e9;
        int n = Math.min(raised.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.printf("rules=%d values=%d offered=%d/s achieved=%.0f/s partitions=%d queue=%d warm-up=%ds"
                        + " alerts measured=%d%n", models * pointsPerModel, total, rate, total / elapsed, partitions,
                capacity, warmupSeconds, n);
        if (n > 0) {
            System.out.printf("point->alert latency ms: p50=%d p99=%d p99.9=%d max=%d%n", sorted[n / 2],
                    sorted[(int) (n * 0.99)], sorted[(int) (n * 0.999)], sorted[n - 1]);
        }
        engine.close();
    }
}
