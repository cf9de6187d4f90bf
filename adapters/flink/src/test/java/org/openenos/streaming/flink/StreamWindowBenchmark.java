package org.openenos.streaming.flink;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.model.MeasurePointValue;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;

/**
 * The window template under load, on the embedded log and a real embedded Flink cluster (docs/benchmarks.md,
 * "Stream processing"). A 1-minute average of each of {@code points} points of {@code assets} assets.
 *
 * <p>Throughput: {@code steps} records per asset (one record = the asset's {@code points} values at one time, as a
 * device posts them together) are published as fast as the log takes them while the job runs; the figure is input
 * points over the time from the first publish until the job has read them all, with the process's CPU time per point
 * (publisher, log, job and reader together: one JVM).
 *
 * <p>Latency: then every asset posts once a second, stamped with the wall-clock time of the post, for
 * {@code latencySeconds}; a window of an asset closes with its first post after the window's end. Latency is from
 * that post to the averaged value being in the log (durable, where the storage stage, latest values and alerts read
 * it), per (asset, window); it includes the job's one-second arrival grace for values of the closing window that are
 * still in flight.
 *
 * <pre>StreamWindowBenchmark assets points steps latencySeconds latencyAssets</pre>
 */
public final class StreamWindowBenchmark {
    private StreamWindowBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int assets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        int latencySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 150;
        int latencyAssets = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;
        Path dir = Files.createTempDirectory("stream-bench");
        try (var fx = new StreamEngineFixture(dir)) {
            var policies = new ArrayList<Map<String, Object>>();
            for (int p = 0; p < points; p++) {
                policies.add(Map.of("modelId", "m", "inputPoint", "p" + p, "aggregation", "avg", "windowMinutes", 1,
                        "outputPoint", "avg" + p));
            }
            StreamJob job = fx.job("o1", TemplateType.TimeWindowAggregation, Map.of("policies", policies));
            fx.start(job);
            throughput(fx, job, assets, points, steps);
            latency(fx, job, latencyAssets, points, latencySeconds);
            fx.engine.stop(job.pipelineId());
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static List<MeasurePointValue> record(String assetId, long time, int points, double base) {
        var values = new ArrayList<MeasurePointValue>(points);
        for (int p = 0; p < points; p++) {
            values.add(new MeasurePointValue("o1", "m", assetId, "p" + p, time, base + p, null));
        }
        return values;
    }

    private static void throughput(StreamEngineFixture fx, StreamJob job, int assets, int points, int steps)
            throws Exception {
        JobCounters counters = EngineResources.counters(job.pipelineId());
        long inBefore = counters.recordsIn.get();
        long records = (long) assets * steps;
        long t0 = 1_700_000_000_000L;
        long cpu0 = cpuNanos();
        long start = System.nanoTime();
        var pending = new ArrayList<CompletableFuture<Void>>();
        for (int s = 0; s < steps; s++) {
            for (int a = 0; a < assets; a++) {
                pending.add(fx.bus.publish(record("a" + a, t0 + s * 10_000L, points, s)));
                if (pending.size() >= 512) {
                    pending.forEach(CompletableFuture::join);
                    pending.clear();
                }
            }
        }
        pending.forEach(CompletableFuture::join);
        long published = System.nanoTime();
        long totalPoints = records * points;
        while (counters.recordsIn.get() - inBefore < totalPoints) { // the job counts input values
            Thread.sleep(20);
        }
        long done = System.nanoTime();
        long cpu = cpuNanos() - cpu0;
        System.out.printf("throughput: %d assets x %d points x %d steps = %,d points; published in %.1f s,"
                        + " read by the job in %.1f s: %,.0f points/s through the job; CPU %.2f us/point"
                        + " (whole process)%n", assets, points, steps, totalPoints, (published - start) / 1e9,
                (done - start) / 1e9, totalPoints / ((done - start) / 1e9), cpu / 1e3 / totalPoints);
    }

    private static void latency(StreamEngineFixture fx, StreamJob job, int assets, int points, int seconds)
            throws Exception {
        try (BusConsumer reader = fx.bus.consumer("bench-reader-" + System.nanoTime())) {
            reader.poll(java.time.Duration.ZERO, 0);
            Map<String, Long> firstSeen = new HashMap<>();
            Map<Long, Long> closingPost = new HashMap<>();
            var latencies = new ArrayList<Long>();
            long end = System.currentTimeMillis() + seconds * 1000L;
            long next = System.currentTimeMillis();
            long firstWindowEnd = (next / 60_000 + 1) * 60_000;
            var pending = new ArrayList<CompletableFuture<Void>>();
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                closingPost.putIfAbsent(now / 60_000 * 60_000, now); // the first post of each window closes the last
                for (int a = 0; a < assets; a++) {
                    pending.add(fx.bus.publish(record("L" + a, now, points, 1)));
                }
                pending.forEach(CompletableFuture::join);
                pending.clear();
                next += 1000;
                while (System.currentTimeMillis() < next) {
                    drain(reader, firstSeen, closingPost, latencies, firstWindowEnd);
                    Thread.sleep(5);
                }
            }
            long quiet = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < quiet) {
                drain(reader, firstSeen, closingPost, latencies, firstWindowEnd);
                Thread.sleep(20);
            }
            latencies.sort(Long::compare);
            if (latencies.isEmpty()) {
                System.out.println("latency: no window closed");
                return;
            }
            System.out.printf("latency: %d assets x %d points posting every second for %d s; %,d window results;"
                            + " closing post -> result in the log: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                    assets, points, seconds, latencies.size(), pct(latencies, 50), pct(latencies, 90),
                    pct(latencies, 99), latencies.getLast());
        }
    }

    private static void drain(BusConsumer reader, Map<String, Long> firstSeen, Map<Long, Long> closingPost,
                              List<Long> latencies, long firstWindowEnd) {
        long now = System.currentTimeMillis();
        for (BusRecord r : reader.poll(java.time.Duration.ZERO, 10_000)) {
            for (MeasurePointValue v : r.values()) {
                if (!v.pointId().startsWith("avg") || !v.assetId().startsWith("L") || v.time() < firstWindowEnd) {
                    continue; // inputs, the throughput phase, and the first window (it started before the posts)
                }
                String key = v.assetId() + "/" + v.pointId() + "/" + v.time();
                if (firstSeen.putIfAbsent(key, now) == null) {
                    latencies.add(now - closingPost.getOrDefault(v.time() + 60_000, v.time() + 60_000));
                }
            }
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
