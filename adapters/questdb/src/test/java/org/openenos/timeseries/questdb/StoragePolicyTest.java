package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesConfig;
import org.openenos.timeseries.TimeSeriesModule;
import org.openenos.timeseries.TsdbLatestQuery;
import org.openenos.timeseries.policy.StoragePolicies;
import org.openenos.timeseries.policy.StoragePolicyFile;

class StoragePolicyTest {
    static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    StoragePolicies policies(String defaultRetention) {
        return new StoragePolicies(new StoragePolicyFile(dir.resolve("policies.tsv")), defaultRetention);
    }

    TimeSeriesModule module(StoragePolicies policies) {
        return EmbeddedTimeSeries.start(dir, TimeSeriesConfig.DEFAULTS.withPolicy(policies), AssetTimezones.UTC,
                PointSignalTypes.UNKNOWN);
    }

    static MeasurePointValue v(String model, String asset, String point, long time) {
        return new MeasurePointValue("o1", model, asset, point, time, 1.5, null);
    }

    static List<MeasurePointValue> stored(TimeSeriesModule module, String asset, String point) {
        return module.store().range(new SeriesKey("o1", asset, point), 0, Long.MAX_VALUE / 1000, 100, false);
    }

    @Test
    void aModelInNoGroupStoresEveryPointAndAGroupedModelOnlyItsPolicyPoints() throws Exception {
        long now = System.currentTimeMillis();
        var policies = policies(null);
        var group = policies.createGroup("o1", "plant_A", Set.of("m1"));
        policies.savePolicy("o1", group.groupId() + ".AI_RAW", "6M", Map.of("m1", Set.of("temp")));
        try (var module = module(policies)) {
            module.ingest().ingest(List.of(v("m1", "a1", "temp", now), v("m1", "a1", "hum", now),
                    v("m2", "a2", "hum", now))).join();
            assertThat(module.awaitStored(Duration.ofSeconds(10))).isTrue();
            assertThat(stored(module, "a1", "temp")).hasSize(1);
            assertThat(stored(module, "a1", "hum")).as("not in m1's policies").isEmpty();
            assertThat(stored(module, "a2", "hum")).as("m2 is in the default group").hasSize(1);
            assertThat(module.queries().latest(new TsdbLatestQuery("o1", List.of("a1"), List.of("hum"), null, false))
                    .items()).as("unstored points still have a latest value").hasSize(1);
        }
        var reloaded = policies(null);
        assertThat(reloaded.policy("o1", group.groupId() + ".AI_RAW").models()).containsEntry("m1", Set.of("temp"));
        assertThat(reloaded.policy("o1", group.groupId() + ".AI_NORMALIZED").policyType()).isEqualTo("NORMALIZED");
        assertThat(reloaded.metadata("o1", List.of("m1", "m2")))
                .containsEntry("m1", Map.of("temp", List.of("AI_RAW"))).containsEntry("m2", Map.of());
    }

    @Test
    void retentionDropsTheDayPartitionsNoPolicyKeepsAnyMoreFromDisk() throws Exception {
        long now = System.currentTimeMillis();
        var policies = policies("30D");
        var group = policies.createGroup("o1", "short", Set.of("m1"));
        for (String type : List.of("AI_RAW", "AI_NORMALIZED", "DI", "PI", "GENERIC")) {
            policies.savePolicy("o1", group.groupId() + "." + type, "30D", Map.of("m1", Set.of("temp")));
        }
        try (var module = module(policies)) {
            module.ingest().ingest(List.of(v("m1", "a1", "temp", now - 90 * DAY), v("m1", "a1", "temp",
                    now - 60 * DAY), v("m1", "a1", "temp", now - DAY))).join();
            assertThat(module.awaitStored(Duration.ofSeconds(10))).isTrue();
            long partitionsBefore = partitionDirectories();
            assertThat(module.applyRetention()).isPresent();
            assertThat(stored(module, "a1", "temp")).extracting(MeasurePointValue::time).containsExactly(now - DAY);
            assertThat(partitionDirectories()).isEqualTo(partitionsBefore - 2);
        }
    }

    @Test
    void aLongerPolicyOrAForeverDefaultKeepsOldData() {
        long now = System.currentTimeMillis();
        var policies = policies("1Y");
        var group = policies.createGroup("o1", "g", Set.of("m1"));
        policies.savePolicy("o1", group.groupId() + ".DI", "20Y", Map.of());
        assertThat(policies.retentionCutoff(now)).hasValueSatisfying(t -> assertThat(t).isLessThan(now - 7000 * DAY));
        assertThat(policies(null).retentionCutoff(now)).isEmpty();
    }

    @Test
    void groupRulesAreEnforced() {
        var policies = policies(null);
        var g = policies.createGroup("o1", "组_a-1", Set.of("m1"));
        assertThatThrownBy(() -> policies.createGroup("o1", "b", Set.of("m1")))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("already in another");
        policies.createGroup("o1", "b", Set.of("m2"));
        assertThatThrownBy(() -> policies.createGroup("o1", "c", Set.of())).hasMessageContaining("at most 2");
        assertThatThrownBy(() -> policies.createGroup("o2", "bad name!", Set.of())).hasMessageContaining("groupName");
        assertThatThrownBy(() -> policies.savePolicy("o1", g.groupId() + ".AI_RAW", "2W", Map.of()))
                .hasMessageContaining("retention");
        assertThatThrownBy(() -> policies.savePolicy("o1", g.groupId() + ".AI_RAW", null, Map.of("m9", Set.of())))
                .hasMessageContaining("not associated");
        assertThatThrownBy(() -> policies.policy("o2", g.groupId() + ".AI_RAW"))
                .as("another organization cannot see the group").hasMessageContaining("not found");
        policies.savePolicy("o1", g.groupId() + ".GENERIC", null, Map.of("m1", Set.of("label")));
        assertThatThrownBy(() -> policies.deleteGroup("o1", g.groupId())).hasMessageContaining("remove the points");
        policies.savePolicy("o1", g.groupId() + ".GENERIC", null, Map.of());
        policies.deleteGroup("o1", g.groupId());
        assertThat(policies.groups("o1")).hasSize(1);
    }

    private long partitionDirectories() throws Exception {
        Path table; // a WAL table's directory is named after the table and its id (point_values~1)
        try (Stream<Path> tables = Files.list(dir.resolve("questdb"))) {
            table = tables.filter(p -> p.getFileName().toString().startsWith(QuestDbTimeSeriesStore.TABLE + "~"))
                    .findFirst().orElseThrow();
        }
        try (Stream<Path> files = Files.list(table)) {
            return files.filter(Files::isDirectory).filter(p -> p.getFileName().toString().matches("\\d{4}-.*"))
                    .count();
        }
    }
}
