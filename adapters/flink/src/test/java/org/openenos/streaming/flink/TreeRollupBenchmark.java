package org.openenos.streaming.flink;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openenos.model.MeasurePointValue;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;

/**
 * A roll-up over a tree of {@code nodes} nodes (a site, 10 groups, the rest inverters) on the embedded engine and the
 * real telemetry log: latency from one inverter's post to the site's new total being on the log (one change at a
 * time), then throughput of a burst of posts until the site's total is exact, with the process's CPU per input.
 *
 * <p>Arguments: nodes (1000), latency samples (300), burst inputs (200000). The command is in docs/streaming.md.
 */
public final class TreeRollupBenchmark {
    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        Path dir = Files.createTempDirectory("rollup-bench");
        var registry = new InMemoryDirectory();
        registry.putNode("o1", "T", "S", null, "site");
        int groups = 10;
        for (int g = 0; g < groups; g++) {
            registry.putNode("o1", "T", "G" + g, "S", "group");
        }
        int inverters = nodes - 1 - groups;
        for (int i = 0; i < inverters; i++) {
            registry.putNode("o1", "T", "I" + i, "G" + (i % groups), "inv");
        }
        try (var fx = new StreamEngineFixture(dir, registry)) {
            StreamJob job = fx.job("o1", TemplateType.TreeRollup, Map.of("policies", List.of(
                    Map.of("treeId", "T", "modelId", "inv", "inputPoint", "power", "aggregation", "sum",
                            "outputModelId", "group", "outputPoint", "power_sum", "staleAfterSeconds", 0),
                    Map.of("treeId", "T", "modelId", "inv", "inputPoint", "power", "aggregation", "sum",
                            "scope", "subtree", "outputModelId", "site", "outputPoint", "power_total",
                            "staleAfterSeconds", 0))));
            fx.start(job);
            BusConsumer out = fx.bus.consumer("bench-" + System.nanoTime());
            double[] power = new double[inverters];
            long time = System.currentTimeMillis();
            var all = new ArrayList<MeasurePointValue>();
            for (int i = 0; i < inverters; i++) {
                power[i] = 1;
                all.add(new MeasurePointValue("o1", "inv", "I" + i, "power", time, 1.0, null));
            }
            fx.bus.publish(all).join();
            double total = inverters;
            awaitTotal(out, total, Duration.ofSeconds(120));

            var random = new Random(1);
            long[] latencies = new long[samples];
            for (int k = 0; k < samples; k++) {
                int i = random.nextInt(inverters);
                power[i] += 1;
                total += 1;
                long t0 = System.nanoTime();
                fx.bus.publish(List.of(new MeasurePointValue("o1", "inv", "I" + i, "power",
                        System.currentTimeMillis(), power[i], null))).join();
                awaitTotal(out, total, Duration.ofSeconds(30));
                latencies[k] = System.nanoTime() - t0;
            }
            Arrays.sort(latencies);
            System.out.printf("latency post → site total on the log, %d nodes: p50 %.1f ms, p99 %.1f ms,"
                            + " max %.1f ms%n",
                    nodes, latencies[samples / 2] / 1e6, latencies[(int) (samples * 0.99)] / 1e6,
                    latencies[samples - 1] / 1e6);

            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            int perRecord = 100;
            for (int sent = 0; sent < burst; sent += perRecord) {
                var batch = new ArrayList<MeasurePointValue>(perRecord);
                long now = System.currentTimeMillis();
                for (int b = 0; b < perRecord; b++) {
                    int i = random.nextInt(inverters);
                    power[i] += 1;
                    total += 1;
                    batch.add(new MeasurePointValue("o1", "inv", "I" + i, "power", now, power[i], null));
                }
                fx.bus.publish(batch);
            }
            awaitTotal(out, total, Duration.ofSeconds(600));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e3 / burst;
            System.out.printf("burst of %d inputs: exact site total after %.1f s = %.0f inputs/s, %.1f µs CPU each%n",
                    burst, seconds, burst / seconds, cpu);
            fx.engine.stop(job.pipelineId());
            out.close();
        }
    }

    /** Reads the log until the newest site total written equals {@code total}. */
    private static void awaitTotal(BusConsumer out, double total, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (BusRecord record : out.poll(Duration.ofMillis(1), 10_000)) {
                for (MeasurePointValue v : record.values()) {
                    if (v.assetId().equals("S") && v.pointId().equals("power_total")
                            && ((Number) v.value()).doubleValue() == total) {
                        return;
                    }
                }
            }
        }
        throw new IllegalStateException("the site total did not reach " + total + " in " + limit);
    }
}
