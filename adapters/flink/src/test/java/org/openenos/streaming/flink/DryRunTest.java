package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.streaming.DryRun;
import org.openenos.streaming.TemplateType;

/**
 * Dry runs on a real embedded Flink cluster, over history held in memory: the outputs are those the live operators
 * compute (checked against values computed here independently), and nothing reaches the telemetry log.
 */
class DryRunTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_040_000L / MINUTE * MINUTE;
    @TempDir
    static Path dir;
    static StreamEngineFixture fx;
    /** Stored history: "org/asset/point" → values in time order. */
    static final Map<String, List<DryRun.Sample>> STORED = new HashMap<>();
    static final Map<String, String> MODELS = Map.of("o1/a1", "m", "o1/a2", "m", "o2/b1", "m");

    static final DryRun.History HISTORY = new DryRun.History() {
        @Override
        public Optional<String> modelOf(String orgId, String assetId) {
            return Optional.ofNullable(MODELS.get(orgId + "/" + assetId));
        }

        @Override
        public List<DryRun.Sample> read(String orgId, String assetId, String modelId, String pointId, long from,
                                        long to, int limit) {
            return STORED.getOrDefault(orgId + "/" + assetId + "/" + pointId, List.of()).stream()
                    .filter(s -> s.time() >= from && s.time() < to).limit(limit).toList();
        }
    };

    @BeforeAll
    static void start() {
        fx = new StreamEngineFixture(dir);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static void store(String orgId, String assetId, String pointId, long time, double value) {
        STORED.computeIfAbsent(orgId + "/" + assetId + "/" + pointId, k -> new ArrayList<>())
                .add(new DryRun.Sample(assetId, "m", pointId, time, value));
    }

    private static DryRun dryRun(int maxValues) {
        return new DryRun(HISTORY, new FlinkDryRunner(fx.engine), new DryRun.Limits(7L * 24 * 3_600_000, 10,
                maxValues));
    }

    private static TreeMap<Long, Double> output(DryRun.Result result, String assetId, String pointId) {
        var series = new TreeMap<Long, Double>();
        result.outputs().stream().filter(s -> s.assetId().equals(assetId) && s.pointId().equals(pointId))
                .flatMap(s -> s.values().stream()).forEach(v -> series.put(v.time(), v.value()));
        return series;
    }

    @Test
    void aWindowJobsDryRunGivesTheAveragesOfEveryCompleteWindowOfEachAssetAndWritesNothing() {
        // a1: every 10 s for 5 minutes, value = index (the threshold drops the first, 0); a2: every 20 s, value = 100 + index, with a negative value
        // the threshold filters; the last 30 s are a window that does not end within the span
        var want1 = new TreeMap<Long, Double>();
        var want2 = new TreeMap<Long, Double>();
        for (int w = 0; w < 5; w++) {
            double sum1 = 0;
            int n1 = 0;
            double sum2 = 0;
            int n2 = 0;
            for (int i = 0; i < 6; i++) {
                int index = w * 6 + i;
                store("o1", "a1", "p", T0 + index * 10_000L, index);
                if (index > 0) {
                    sum1 += index;
                    n1++;
                }
                if (i % 2 == 0) {
                    double v = i == 2 ? -5 : 100 + index;
                    store("o1", "a2", "p", T0 + index * 10_000L, v);
                    if (v > 0) {
                        sum2 += v;
                        n2++;
                    }
                }
            }
            want1.put(T0 + w * MINUTE, sum1 / n1);
            want2.put(T0 + w * MINUTE, sum2 / n2);
        }
        store("o1", "a1", "p", T0 + 5 * MINUTE + 5_000, 999);
        store("o2", "b1", "p", T0, 12345);
        Map<Integer, Long> logEnd = fx.bus.endOffsets();

        var policy = new LinkedHashMap<String, Object>(Map.of("modelId", "m", "inputPoint", "p",
                "aggregation", "avg", "windowMinutes", 1, "outputPoint", "p_avg"));
        policy.put("threshold", Map.of("method", ">", "value", 0));
        DryRun.Result result = dryRun(10_000).run("o1", TemplateType.TimeWindowAggregation,
                Map.of("policies", List.of(policy)),
                new DryRun.Request(List.of("a1", "a2"), T0, T0 + 5 * MINUTE + 30_000));

        assertThat(output(result, "a1", "p_avg")).isEqualTo(want1);
        assertThat(output(result, "a2", "p_avg")).isEqualTo(want2);
        assertThat(result.inputs()).extracting(DryRun.Series::assetId).containsExactly("a1", "a2");
        assertThat(result.inputs().getFirst().values()).hasSize(31);
        assertThat(fx.bus.endOffsets()).isEqualTo(logEnd);
    }

    @Test
    void aCalculatedPointsDryRunUsesTheLastValueOfTheOtherInputsAsTheLiveJobDoes() {
        store("o1", "a1", "x", T0 + 1_000, 3);
        store("o1", "a1", "y", T0 + 2_000, 4);
        store("o1", "a1", "x", T0 + 3_000, 5);
        DryRun.Result result = dryRun(10_000).run("o1", TemplateType.MultiPointMerge, Map.of("policies", List.of(
                        Map.of("modelId", "m", "outputPoint", "z", "expression", "${m::x} * 10 + ${m::y}",
                                "trigger", "point"))),
                new DryRun.Request(List.of("a1"), T0, T0 + 10_000));

        var want = new TreeMap<Long, Double>();
        want.put(T0 + 2_000, 34.0);
        want.put(T0 + 3_000, 54.0);
        assertThat(output(result, "a1", "z")).isEqualTo(want);
    }

    @Test
    void aDryRunBeyondItsBoundsOrOverAnotherOrganizationsAssetIsRefusedWithAClearError() {
        for (int i = 0; i < 20; i++) {
            store("o1", "a2", "big", T0 + i * 1_000L, i);
        }
        Map<String, Object> config = Map.of("policies", List.of(Map.of("modelId", "m", "inputPoint", "big",
                "aggregation", "sum", "windowMinutes", 1, "outputPoint", "big_sum")));
        assertThatThrownBy(() -> dryRun(10).run("o1", TemplateType.TimeWindowAggregation, config,
                new DryRun.Request(List.of("a2"), T0, T0 + MINUTE)))
                .satisfies(e -> assertThat(((OpenEnosException) e).code()).isEqualTo(ErrorCode.STREAM_TOO_MANY_POINTS))
                .hasMessageContaining("more than 10 input values");
        assertThatThrownBy(() -> dryRun(10).run("o1", TemplateType.TimeWindowAggregation, config,
                new DryRun.Request(List.of("a2"), T0, T0 + 8L * 24 * 3_600_000)))
                .satisfies(e -> assertThat(((OpenEnosException) e).code()).isEqualTo(ErrorCode.STREAM_TOO_MANY_POINTS))
                .hasMessageContaining("shorter span");
        assertThatThrownBy(() -> dryRun(10).run("o1", TemplateType.TimeWindowAggregation, config,
                new DryRun.Request(List.of("b1"), T0, T0 + MINUTE)))
                .hasMessageContaining("asset 'b1' does not exist");
    }
}
