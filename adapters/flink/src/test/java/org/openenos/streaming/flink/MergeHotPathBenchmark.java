package org.openenos.streaming.flink;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.openenos.streaming.JobSpecs;
import org.openenos.streaming.PointRef;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.TemplateType;

/**
 * The calculated-point operator's per-value cost, with and without the JVM-wide copy of every input value that the
 * stage-state view used to keep beside Flink's keyed state (docs/benchmarks.md, "Stream processing: calculated
 * points, hot path"). Both variants run the real {@link PointMerger} in Flink's operator test harness on the heap
 * state backend, alternating A/B rounds in one JVM; the copy is the removed code, kept here to measure it.
 *
 * <pre>MergeHotPathBenchmark assets points rounds samplesPerRound</pre>
 */
public final class MergeHotPathBenchmark {
    private MergeHotPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int assets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
        var expression = new StringBuilder("${m::p0}");
        for (int p = 1; p < points; p++) {
            expression.append(" + ${m::p").append(p).append('}');
        }
        JobSpec.PointMerge spec = (JobSpec.PointMerge) JobSpecs.parse(TemplateType.MultiPointMerge, Map.of(
                "policies", List.of(Map.of("modelId", "m", "outputPoint", "q", "expression", expression.toString(),
                        "trigger", "point"))));
        var withCopy = harness(spec, true);
        var without = harness(spec, false);
        System.out.printf("%d assets x %d points, %d samples (%d values) per round%n", assets, points, samples,
                (long) samples * points);
        long time = 1_700_000_000_000L;
        for (int round = 1; round <= rounds; round++) {
            for (boolean copy : new boolean[] {true, false}) {
                var h = copy ? withCopy : without;
                long cpu0 = cpu();
                long t0 = System.nanoTime();
                for (int i = 0; i < samples; i++) {
                    var s = new AssetSample("o", "m", "a" + (i % assets), time + i);
                    for (int p = 0; p < points; p++) {
                        s.values.put("p" + p, (double) (i + p));
                    }
                    h.processElement(new StreamRecord<>(s, s.time));
                    if ((i & 1023) == 0) {
                        h.getOutput().clear();
                    }
                }
                h.getOutput().clear();
                double nsPerValue = (double) (System.nanoTime() - t0) / ((long) samples * points);
                double cpuPerValue = (double) (cpu() - cpu0) / ((long) samples * points);
                System.out.printf("round %d %-13s %7.1f ns/value wall, %7.1f ns/value CPU%n", round,
                        copy ? "A (copy)" : "B (no copy)", nsPerValue, cpuPerValue);
            }
            time += samples;
        }
        System.out.printf("the copy held %d values after the run (never trimmed)%n", OldStageCopy.size());
        withCopy.close();
        without.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AssetSample, OutputValue> harness(
            JobSpec.PointMerge spec, boolean copy) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Measured(new PointMerger("bench", "bench", spec), copy)),
                s -> s.assetId, Types.STRING);
        h.open();
        return h;
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** The operator, and (A) the copy the operator used to keep of each value. */
    private static final class Measured extends KeyedProcessFunction<String, AssetSample, OutputValue> {
        private final PointMerger merger;
        private final boolean copy;

        Measured(PointMerger merger, boolean copy) {
            this.merger = merger;
            this.copy = copy;
        }

        @Override
        public void open(OpenContext context) throws Exception {
            merger.setRuntimeContext(getRuntimeContext());
            merger.open(context);
        }

        @Override
        public void processElement(AssetSample sample, Context ctx, Collector<OutputValue> out) throws Exception {
            merger.processElement(sample, ctx, out);
            if (copy) {
                for (var e : sample.values.entrySet()) {
                    OldStageCopy.held("bench", sample.assetId, new PointRef(sample.modelId, e.getKey()), sample.time,
                            e.getValue());
                }
            }
        }
    }

    /** The removed JVM-wide copy: pipeline → asset → {@code model::point} → last value. */
    private static final class OldStageCopy {
        private static final Map<String, Map<String, Map<String, TimedValue>>> HELD = new ConcurrentHashMap<>();

        static void held(String pipelineId, String assetId, PointRef point, long time, double value) {
            HELD.computeIfAbsent(pipelineId, p -> new ConcurrentHashMap<>())
                    .computeIfAbsent(assetId, a -> new ConcurrentHashMap<>())
                    .put(point.toString(), new TimedValue(time, value));
        }

        static long size() {
            return HELD.values().stream().flatMap(m -> m.values().stream()).mapToLong(Map::size).sum();
        }
    }
}
