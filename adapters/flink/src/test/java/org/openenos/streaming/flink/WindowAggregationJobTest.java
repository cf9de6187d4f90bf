package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;

/** Time-window jobs on a real embedded Flink cluster, checked against values computed here from the inputs. */
class WindowAggregationJobTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_040_000L / MINUTE * MINUTE;
    @TempDir
    static Path dir;
    static StreamEngineFixture fx;

    @BeforeAll
    static void start() {
        fx = new StreamEngineFixture(dir);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static Map<String, Object> policy(String model, String in, String aggregation, double minutes, String out) {
        var p = new HashMap<String, Object>();
        p.put("modelId", model);
        p.put("inputPoint", in);
        p.put("aggregation", aggregation);
        p.put("windowMinutes", minutes);
        p.put("outputPoint", out);
        return p;
    }

    @Test
    void everyAggregationOfOutOfOrderDataMatchesTheValuesComputedFromTheInputs() {
        String[] aggs = {"max", "min", "avg", "sum", "count", "first", "last"};
        var policies = new ArrayList<Map<String, Object>>();
        for (String a : aggs) {
            policies.add(policy("m1", "p", a, 1, "p_" + a));
        }
        StreamJob job = fx.job("o1", TemplateType.TimeWindowAggregation,
                Map.of("latencySeconds", 0, "policies", policies));
        fx.start(job);
        var random = new Random(7);
        // per asset: 3 windows, 12 values each, shuffled within each window (out of order, never late)
        Map<String, Map<Long, List<long[]>>> sent = new HashMap<>();
        for (String asset : List.of("a1", "a2")) {
            for (int w = 0; w < 3; w++) {
                var times = new ArrayList<Long>();
                for (int i = 0; i < 12; i++) {
                    times.add(T0 + w * MINUTE + i * 5_000L);
                }
                java.util.Collections.shuffle(times, random);
                for (long t : times) {
                    long value = random.nextInt(1000);
                    fx.post("o1", "m1", asset, t, "p", value);
                    sent.computeIfAbsent(asset, k -> new TreeMap<>()).computeIfAbsent(T0 + w * MINUTE,
                            k -> new ArrayList<>()).add(new long[] {t, value});
                }
            }
            fx.post("o1", "m1", asset, T0 + 5 * MINUTE, "p", 1); // moves the asset's event time past the windows
        }
        for (String asset : List.of("a1", "a2")) {
            for (String a : aggs) {
                var got = fx.await(asset, "p_" + a, s -> s.size() >= 3);
                var want = new TreeMap<Long, List<Double>>();
                sent.get(asset).forEach((start, values) -> want.put(start, List.of(expected(a, values))));
                assertThat(got).as(asset + " " + a).isEqualTo(want);
            }
        }
        fx.engine.stop(job.pipelineId());
    }

    private static double expected(String aggregation, List<long[]> values) {
        var byTime = values.stream().sorted((x, y) -> Long.compare(x[0], y[0])).toList();
        return switch (aggregation) {
            case "max" -> values.stream().mapToDouble(v -> v[1]).max().orElseThrow();
            case "min" -> values.stream().mapToDouble(v -> v[1]).min().orElseThrow();
            case "avg" -> values.stream().mapToDouble(v -> v[1]).sum() / values.size();
            case "sum" -> values.stream().mapToDouble(v -> v[1]).sum();
            case "count" -> values.size();
            case "first" -> byTime.getFirst()[1];
            default -> byTime.getLast()[1];
        };
    }

    @Test
    void aLateValueWithinTheLatencyReEmitsTheWindowAndOneBeyondItIsDropped() {
        StreamJob job = fx.job("o1", TemplateType.TimeWindowAggregation,
                Map.of("latencySeconds", 120, "policies", List.of(policy("m2", "p", "sum", 1, "p_sum"))));
        fx.start(job);
        fx.post("o1", "m2", "late1", T0 + 1_000, "p", 1);
        fx.post("o1", "m2", "late1", T0 + 2_000, "p", 2);
        fx.post("o1", "m2", "late1", T0 + MINUTE + 1_000, "p", 10); // closes window 0: sum 3
        fx.await("late1", "p_sum", s -> s.containsKey(T0));
        fx.post("o1", "m2", "late1", T0 + 30_000, "p", 4);   // late by 31 s, within 120 s: window 0 is now 7
        fx.post("o1", "m2", "late1", T0 + 4 * MINUTE, "p", 0); // window 0 now beyond the lateness
        fx.post("o1", "m2", "late1", T0 + 40_000, "p", 100); // too late: dropped
        var got = fx.settle("late1", "p_sum", Duration.ofSeconds(2));
        assertThat(got.get(T0)).containsExactly(3.0, 7.0);
        assertThat(got.get(T0 + MINUTE)).containsExactly(10.0);
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void valuesReachingTheLogInADifferentOrderThanSentStillCountWithoutLateness() {
        StreamJob job = fx.job("o1", TemplateType.TimeWindowAggregation,
                Map.of("latencySeconds", 0, "policies", List.of(policy("m5", "p", "avg", 1, "p_avg"))));
        fx.start(job);
        fx.post("o1", "m5", "ro1", T0 + MINUTE, "p", 10);
        fx.post("o1", "m5", "ro1", T0 + 3 * MINUTE, "p", 100); // overtook the next one on its way to the log
        fx.post("o1", "m5", "ro1", T0 + MINUTE + 20_000, "p", 20);
        var got = fx.await("ro1", "p_avg", s -> s.containsKey(T0 + MINUTE));
        assertThat(got).isEqualTo(new TreeMap<>(Map.of(T0 + MINUTE, List.of(15.0))));
        fx.post("o1", "m5", "ro1", T0 + MINUTE + 30_000, "p", 1_000);  // after the grace: late, dropped
        assertThat(fx.settle("ro1", "p_avg", Duration.ofSeconds(2)))
                .isEqualTo(new TreeMap<>(Map.of(T0 + MINUTE, List.of(15.0))));
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aThresholdIgnoresValuesItRejects() {
        var p = policy("m3", "p", "avg", 1, "p_avg");
        p.put("threshold", Map.of("method", ">", "value", 0));
        StreamJob job = fx.job("o1", TemplateType.TimeWindowAggregation, Map.of("policies", List.of(p)));
        fx.start(job);
        fx.post("o1", "m3", "th1", T0, "p", 4);
        fx.post("o1", "m3", "th1", T0 + 1_000, "p", -50);
        fx.post("o1", "m3", "th1", T0 + 2_000, "p", 8);
        fx.post("o1", "m3", "th1", T0 + MINUTE, "p", 1);
        assertThat(fx.await("th1", "p_avg", s -> s.containsKey(T0)).get(T0)).containsExactly(6.0);
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aJobNeverReadsAnotherOrganizationsPoints() {
        StreamJob job = fx.job("orgA", TemplateType.TimeWindowAggregation,
                Map.of("policies", List.of(policy("shared", "p", "sum", 1, "p_sum"))));
        fx.start(job);
        // same model id, point and asset id in another organization: must not count
        fx.post("orgB", "shared", "iso1", T0 + 1_000, "p", 1000);
        fx.post("orgA", "shared", "iso1", T0 + 2_000, "p", 5);
        fx.post("orgB", "shared", "iso1", T0 + 3_000, "p", 1000);
        fx.post("orgA", "shared", "iso1", T0 + MINUTE, "p", 1);
        fx.post("orgB", "shared", "iso2", T0 + 1_000, "p", 1);
        fx.post("orgB", "shared", "iso2", T0 + MINUTE, "p", 1);
        assertThat(fx.await("iso1", "p_sum", s -> s.containsKey(T0)).get(T0)).containsExactly(5.0);
        assertThat(fx.settle("iso2", "p_sum", Duration.ofSeconds(1))).isEmpty();
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aPausedJobResumesFromItsCheckpointWithoutGapsOrDoubleCounts() {
        StreamJob job = fx.job("o1", TemplateType.TimeWindowAggregation,
                Map.of("policies", List.of(policy("m4", "p", "sum", 1, "p_sum"),
                        policy("m4", "p", "count", 1, "p_count"))));
        fx.start(job);
        fx.post("o1", "m4", "cp1", T0 + 1_000, "p", 1);
        fx.post("o1", "m4", "cp1", T0 + 2_000, "p", 2);
        StreamEngineFixture.sleep(1_500); // a checkpoint or two with the window half full
        fx.engine.pause(job.pipelineId());
        fx.post("o1", "m4", "cp1", T0 + 3_000, "p", 4);       // while paused: read after the resume
        fx.post("o1", "m4", "cp1", T0 + MINUTE + 1, "p", 8);
        fx.resume(job);
        fx.post("o1", "m4", "cp1", T0 + 2 * MINUTE, "p", 16);
        assertThat(fx.await("cp1", "p_sum", s -> s.size() >= 2))
                .isEqualTo(new TreeMap<>(Map.of(T0, List.of(7.0), T0 + MINUTE, List.of(8.0))));
        assertThat(fx.await("cp1", "p_count", s -> s.size() >= 2))
                .isEqualTo(new TreeMap<>(Map.of(T0, List.of(3.0), T0 + MINUTE, List.of(1.0))));
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aValueSentAgainForATimeTheWindowCountedCountsOnceAndAChangedValueReplacesIt() {
        StreamJob job = fx.job("o1", TemplateType.TimeWindowAggregation, Map.of("latencySeconds", 600,
                "policies", List.of(policy("m5", "p", "sum", 1, "p_sum"), policy("m5", "p", "count", 1, "p_count"),
                        policy("m5", "p", "max", 1, "p_max"))));
        fx.start(job);
        try {
            fx.post("o1", "m5", "dd1", T0 + 1_000, "p", 10);
            fx.post("o1", "m5", "dd1", T0 + 2_000, "p", 50);
            fx.post("o1", "m5", "dd1", T0 + 1_000, "p", 10);     // resumed data: the device sends it again
            fx.post("o1", "m5", "dd1", T0 + 2_000, "p", 20);     // a corrected value for a time already counted
            fx.post("o1", "m5", "dd1", T0 + 3_000, "p", 5);
            fx.post("o1", "m5", "dd1", T0 + MINUTE, "p", 0);     // closes the window
            assertThat(fx.await("dd1", "p_sum", s -> s.containsKey(T0)).get(T0)).containsExactly(35.0);
            assertThat(fx.await("dd1", "p_count", s -> s.containsKey(T0)).get(T0)).containsExactly(3.0);
            assertThat(fx.await("dd1", "p_max", s -> s.containsKey(T0)).get(T0)).containsExactly(20.0);
            // after the emission, within the allowed lateness: a repeat changes nothing, a change corrects
            fx.post("o1", "m5", "dd1", T0 + 3_000, "p", 5);
            fx.post("o1", "m5", "dd1", T0 + 1_000, "p", 12);
            assertThat(fx.await("dd1", "p_sum", s -> s.get(T0).size() >= 2).get(T0)).containsExactly(35.0, 37.0);
            assertThat(fx.settle("dd1", "p_count", Duration.ofSeconds(1)).get(T0)).containsExactly(3.0, 3.0);
        } finally {
            fx.engine.stop(job.pipelineId());
        }
    }
}
