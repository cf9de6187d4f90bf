package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;

/**
 * An engine dropped mid-window without a final checkpoint (as when the server is killed) and a new engine resuming
 * the job: every window comes out with the value computed from the inputs, and what the job writes again after the
 * restore is the same value again, never a different one.
 */
class CrashRecoveryTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_040_000L / MINUTE * MINUTE;

    @Test
    void aJobKilledMidWindowResumesFromItsLastCheckpointWithExactResults(@TempDir Path dir) {
        try (var fx = new StreamEngineFixture(dir)) {
            var policy = new HashMap<String, Object>(Map.of("modelId", "m", "inputPoint", "p",
                    "aggregation", "sum", "windowMinutes", 1, "outputPoint", "p_sum"));
            StreamJob job = fx.job("o1", TemplateType.TimeWindowAggregation, Map.of("policies", List.of(policy)));
            fx.start(job);
            long expectedFirst = 0;
            for (int i = 0; i < 10; i++) {
                fx.post("o1", "m", "k1", T0 + i * 1_000, "p", i);
                expectedFirst += i;
            }
            fx.post("o1", "m", "k1", T0 + MINUTE, "p", 100);            // closes window 0
            fx.await("k1", "p_sum", s -> s.containsKey(T0));
            StreamEngineFixture.sleep(1_500);                             // periodic checkpoints happen meanwhile
            fx.post("o1", "m", "k1", T0 + MINUTE + 1_000, "p", 200);      // window 1 half full at the crash
            fx.engine.crash();

            fx.post("o1", "m", "k1", T0 + MINUTE + 2_000, "p", 300);      // arrives while the server is down
            fx.engine = fx.newEngine();
            fx.resume(job);
            fx.post("o1", "m", "k1", T0 + 2 * MINUTE, "p", 1);            // closes window 1
            TreeMap<Long, List<Double>> got = fx.await("k1", "p_sum", s -> s.containsKey(T0 + MINUTE));
            assertThat(got.keySet()).containsExactly(T0, T0 + MINUTE);
            assertThat(got.get(T0)).isNotEmpty().containsOnly((double) expectedFirst);
            assertThat(got.get(T0 + MINUTE)).isNotEmpty().containsOnly(600.0);
            fx.engine.stop(job.pipelineId());
        }
    }
}
