package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;

/**
 * The daily-energy and roll-up jobs dropped without a final checkpoint (as when the server is killed) and resumed by a
 * new engine: their results are those computed from all inputs, none counted twice or lost.
 */
class TemplateCrashRecoveryTest {
    private static final long HOUR = 3_600_000;

    @Test
    void aDailyEnergyJobKilledMidDayResumesWithTheExactEnergyOfTheDay(@TempDir Path dir) {
        try (var fx = new StreamEngineFixture(dir, new InMemoryDirectory())) {
            StreamJob job = fx.job("o1", TemplateType.ElectricEnergy, Map.of("policies", List.of(Map.of(
                    "modelId", "meter", "inputPoint", "kwh", "method", "meterReading", "outputPoint", "kwh_day",
                    "timeZone", "UTC"))));
            fx.start(job);
            long day = ZonedDateTime.of(2026, 5, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
            for (int h = 0; h <= 10; h++) {
                fx.post("o1", "meter", "e1", day + h * HOUR, "kwh", 100 + h * 2.5);
            }
            StreamEngineFixture.sleep(1_500);                        // periodic checkpoints happen meanwhile
            fx.post("o1", "meter", "e1", day + 11 * HOUR, "kwh", 100 + 11 * 2.5);
            fx.engine.crash();

            for (int h = 12; h <= 20; h++) {                         // while the server is down
                fx.post("o1", "meter", "e1", day + h * HOUR, "kwh", 100 + h * 2.5);
            }
            fx.engine = fx.newEngine();
            fx.resume(job);
            for (int h = 21; h <= 25; h++) {
                fx.post("o1", "meter", "e1", day + h * HOUR, "kwh", 100 + h * 2.5);
            }
            // 2.5 kWh an hour from 00:00 to 24:00
            TreeMap<Long, List<Double>> got = fx.await("e1", "kwh_day", s -> s.containsKey(day));
            assertThat(got.keySet()).containsExactly(day);
            assertThat(got.get(day)).isNotEmpty().containsOnly(60.0);
            fx.engine.stop(job.pipelineId());
        }
    }

    @Test
    void aRollupJobKilledResumesWithTheLatestValueOfEveryInput(@TempDir Path dir) {
        var registry = new InMemoryDirectory();
        registry.putNode("o1", "T", "S", null, "site");
        registry.putNode("o1", "T", "A", "S", "inv");
        registry.putNode("o1", "T", "B", "S", "inv");
        try (var fx = new StreamEngineFixture(dir, registry)) {
            StreamJob job = fx.job("o1", TemplateType.TreeRollup, Map.of("policies", List.of(Map.of(
                    "treeId", "T", "modelId", "inv", "inputPoint", "power", "aggregation", "sum",
                    "outputModelId", "site", "outputPoint", "power_sum", "staleAfterSeconds", 0))));
            fx.start(job);
            long t = System.currentTimeMillis();
            fx.post("o1", "inv", "A", t, "power", 5);
            fx.post("o1", "inv", "B", t, "power", 7);
            fx.await("S", "power_sum", s -> !s.isEmpty() && s.lastEntry().getValue().getLast() == 12.0);
            StreamEngineFixture.sleep(1_500);
            fx.engine.crash();

            fx.post("o1", "inv", "A", t + 1_000, "power", 9);        // while the server is down
            fx.engine = fx.newEngine();
            fx.resume(job);
            // B's 7 comes from the restored state: B sent nothing since
            var got = fx.await("S", "power_sum", s -> s.lastEntry().getValue().getLast() == 16.0);
            assertThat(got.lastEntry().getValue()).last().isEqualTo(16.0);
            fx.engine.stop(job.pipelineId());
        }
    }
}
