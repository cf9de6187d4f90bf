package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.streaming.DryRun;
import org.openenos.streaming.TemplateType;

/**
 * Dry runs of the daily-energy and tree roll-up templates on a real embedded Flink cluster, with time zones and trees
 * from the registry port: the outputs are those of the live operators, checked against values computed here.
 */
class DryRunTemplatesTest {
    private static final long HOUR = 3_600_000;
    /** A local midnight in +01:00. */
    private static final long MIDNIGHT = 1_700_006_400_000L / (24 * HOUR) * (24 * HOUR) - HOUR;
    @TempDir
    static Path dir;
    static StreamEngineFixture fx;
    static final InMemoryDirectory DIRECTORY = new InMemoryDirectory();
    static final Map<String, List<DryRun.Sample>> STORED = new HashMap<>();
    static final Map<String, String> MODELS = Map.of("o1/meter1", "meter", "o1/i1", "inv", "o1/i2", "inv",
            "o1/site", "site", "o2/i9", "inv");

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
        fx = new StreamEngineFixture(dir, DIRECTORY);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static void store(String orgId, String assetId, String pointId, long time, double value) {
        STORED.computeIfAbsent(orgId + "/" + assetId + "/" + pointId, k -> new ArrayList<>())
                .add(new DryRun.Sample(assetId, MODELS.get(orgId + "/" + assetId), pointId, time, value));
    }

    private static DryRun dryRun() {
        return new DryRun(HISTORY, new FlinkDryRunner(fx.engine), new DryRun.Limits(7L * 24 * HOUR, 10, 10_000));
    }

    private static TreeMap<Long, Double> output(DryRun.Result result, String assetId, String pointId) {
        var series = new TreeMap<Long, Double>();
        result.outputs().stream().filter(s -> s.assetId().equals(assetId) && s.pointId().equals(pointId))
                .flatMap(s -> s.values().stream()).forEach(v -> series.put(v.time(), v.value()));
        return series;
    }

    @Test
    void anEnergyJobsDryRunGivesTheEnergyOfEveryCompleteLocalDayInTheAssetsTimeZoneWithACounterReset() {
        // hourly readings from 2 h before a local midnight (+01:00, from the registry) for 50 hours, rising 2 an
        // hour, with the meter replaced at reading 20 (it starts again from 1)
        DIRECTORY.timezone("o1", "meter1", "+01:00");
        var want = new TreeMap<Long, Double>();
        double previous = 0;
        for (int k = 0; k < 50; k++) {
            long t = MIDNIGHT - 2 * HOUR + k * HOUR;
            double value = k < 20 ? 2.0 * k : 1 + 2.0 * (k - 20);
            store("o1", "meter1", "kwh", t, value);
            if (k > 0) {
                double rise = value >= previous ? value - previous : value;
                long day = t <= MIDNIGHT ? MIDNIGHT - 24 * HOUR : MIDNIGHT;
                if (t <= MIDNIGHT + 24 * HOUR) { // the day after is not complete within the span
                    want.merge(day, rise, Double::sum);
                }
            }
            previous = value;
        }
        DryRun.Result result = dryRun().run("o1", TemplateType.ElectricEnergy, Map.of("policies", List.of(Map.of(
                        "modelId", "meter", "inputPoint", "kwh", "method", "meterReading", "outputPoint", "kwh_day"))),
                new DryRun.Request(List.of("meter1"), MIDNIGHT - 2 * HOUR, MIDNIGHT + 48 * HOUR));

        assertThat(output(result, "meter1", "kwh_day")).isEqualTo(want);
        assertThat(want).containsEntry(MIDNIGHT - 24 * HOUR, 4.0).containsEntry(MIDNIGHT, 2.0 * 23 + 1);
    }

    @Test
    void aRollupsDryRunSumsTheChildrenOfTheTreeFromTheRegistryAndAgesOutInputsThatStopped() {
        // site ← i1, i2 in tree T; i9 of another organization sends too and is not part of anything
        DIRECTORY.putNode("o1", "T", "site", null, "site");
        DIRECTORY.putNode("o1", "T", "i1", "site", "inv");
        DIRECTORY.putNode("o1", "T", "i2", "site", "inv");
        long t0 = MIDNIGHT + 1_000_000;
        store("o1", "i1", "power", t0, 10);
        store("o1", "i2", "power", t0 + 1_000, 20);
        store("o1", "i1", "power", t0 + 10_000, 15);
        store("o2", "i9", "power", t0 + 2_000, 1000);
        DryRun.Result result = dryRun().run("o1", TemplateType.TreeRollup, Map.of("policies", List.of(Map.of(
                        "treeId", "T", "modelId", "inv", "inputPoint", "power", "aggregation", "sum",
                        "outputModelId", "site", "outputPoint", "power_total", "staleAfterSeconds", 60))),
                new DryRun.Request(List.of("i1", "i2"), t0, t0 + 300_000));

        var want = new TreeMap<Long, Double>();
        want.put(t0, 10.0);
        want.put(t0 + 1_000, 30.0);
        want.put(t0 + 10_000, 35.0);
        want.put(t0 + 300_000, 0.0); // both stopped more than 60 s before the end of the span
        assertThat(output(result, "site", "power_total")).isEqualTo(want);
        assertThat(result.notes()).anyMatch(n -> n.contains("tree as the registry has it now"));
    }
}
