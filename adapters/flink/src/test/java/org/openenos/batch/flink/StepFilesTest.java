package org.openenos.batch.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.batch.OrgCatalog;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * The files a SQL step on the Flink cluster exchanges: the input holds only the organization's series within the
 * window, in pages, with numbers, texts and booleans where the Calcite tables put them; the result rows come back
 * with Calcite's value types.
 */
class StepFilesTest {
    @TempDir
    Path dir;

    private final List<MeasurePointValue> values = new ArrayList<>();
    private final OrgCatalog catalog = new OrgCatalog() {
        @Override
        public List<AssetRow> assets(String orgId) {
            return orgId.equals("org1") ? List.of(new AssetRow("a1", "Meter \"one\"", "meter", "+00:00", true,
                    Map.of("site", "north"))) : List.of();
        }

        @Override
        public List<String> measurePoints(String orgId, String modelId) {
            return List.of("power", "state");
        }
    };

    @Test
    void theInputHoldsTheOrganizationsValuesWithinTheWindowOnly() throws Exception {
        for (int i = 0; i < 25_000; i++) {
            values.add(new MeasurePointValue("org1", "meter", "a1", "power", 1000L + i, (double) i, null));
        }
        values.add(new MeasurePointValue("org1", "meter", "a1", "state", 2000L, "on", null));
        values.add(new MeasurePointValue("org1", "meter", "a1", "state", 2001L, true, null));
        values.add(new MeasurePointValue("org2", "meter", "a1", "power", 1500L, 9.0, null));
        values.add(new MeasurePointValue("org1", "meter", "a1", "power", 999L, 9.0, null));

        long written = new StepInputFiles(catalog, store()).write(dir, "org1", 1000, 1_000_000, 1_000_000, () -> { });

        assertThat(written).isEqualTo(25_002);
        List<String> history = Files.readAllLines(dir.resolve("history/data.json"));
        assertThat(history).hasSize(25_002).startsWith(
                "{\"asset_id\":\"a1\",\"point_id\":\"power\",\"ts\":\"1970-01-01 00:00:01.000\",\"num_value\":0.0,"
                        + "\"str_value\":null}");
        assertThat(history).contains(
                "{\"asset_id\":\"a1\",\"point_id\":\"state\",\"ts\":\"1970-01-01 00:00:02.000\",\"num_value\":null,"
                        + "\"str_value\":\"on\"}",
                "{\"asset_id\":\"a1\",\"point_id\":\"state\",\"ts\":\"1970-01-01 00:00:02.001\",\"num_value\":1.0,"
                        + "\"str_value\":\"true\"}");
        assertThat(Files.readAllLines(dir.resolve("assets/data.json"))).containsExactly("{\"asset_id\":\"a1\","
                + "\"name\":\"Meter \\\"one\\\"\",\"model_id\":\"meter\",\"timezone\":\"+00:00\",\"is_device\":true}");
        assertThat(Files.readAllLines(dir.resolve("asset_attributes/data.json"))).containsExactly(
                "{\"asset_id\":\"a1\",\"attribute_id\":\"site\",\"attr_value\":\"north\"}");
        assertThatThrownBy(() -> new StepInputFiles(catalog, store()).write(dir.resolve("small"), "org1", 1000,
                1_000_000, 100, () -> { })).hasMessageContaining("narrow the window");
    }

    @Test
    void resultRowsComeBackWithTheValueTypesOfTheCalciteEngine() throws Exception {
        Path result = Files.createDirectories(dir.resolve("result"));
        Files.writeString(result.resolve("part-0"), """
                {"asset_id":"a1","n":3,"total":12.5,"ts":"2026-05-01 12:00:00","day":"2026-05-01","ok":true}
                {"asset_id":null,"n":null,"total":null,"ts":null,"day":null,"ok":null}
                """);
        Files.writeString(result.resolve(".part-1.inprogress"), "{\"asset_id\":\"half\"}\n");
        var schema = ResolvedSchema.of(Column.physical("asset_id", DataTypes.STRING()),
                Column.physical("n", DataTypes.BIGINT()), Column.physical("total", DataTypes.DOUBLE()),
                Column.physical("ts", DataTypes.TIMESTAMP(3)), Column.physical("day", DataTypes.DATE()),
                Column.physical("ok", DataTypes.BOOLEAN()));

        var rows = StepResultFiles.read(result, schema, 10);

        assertThat(rows.columns()).containsExactly("asset_id", "n", "total", "ts", "day", "ok");
        assertThat(rows.types()).containsExactly("VARCHAR", "BIGINT", "DOUBLE", "TIMESTAMP", "DATE", "BOOLEAN");
        long noon = java.time.Instant.parse("2026-05-01T12:00:00Z").toEpochMilli();
        long midnight = java.time.Instant.parse("2026-05-01T00:00:00Z").toEpochMilli();
        assertThat(rows.rows().get(0)).containsExactly("a1", 3L, 12.5, noon, midnight, true);
        assertThat(rows.rows().get(1)).containsOnlyNulls();
        assertThat(rows.truncated()).isFalse();
        assertThat(StepResultFiles.read(result, schema, 1).truncated()).isTrue();
        assertThat(StepResultFiles.read(dir.resolve("nothing-written"), schema, 10).rows()).isEmpty();
    }

    private TimeSeriesStore store() {
        return new TimeSeriesStore() {
            @Override
            public void append(List<MeasurePointValue> v, TimeSeriesStore.AppendMode mode) {
            }

            @Override
            public List<MeasurePointValue> range(SeriesKey s, long from, long to, int limit, boolean descending) {
                return values.stream().filter(v -> v.orgId().equals(s.orgId()) && v.assetId().equals(s.assetId())
                        && v.pointId().equals(s.pointId()) && v.time() >= from && v.time() < to).limit(limit)
                        .toList();
            }

            @Override
            public List<AggregateBucket> aggregate(SeriesKey s, long from, long to, long interval,
                                                   AggregateFunction f) {
                return List.of();
            }

            @Override
            public void forEachLatest(Consumer<MeasurePointValue> sink) {
            }

            @Override
            public void deleteBefore(long time) {
            }

            @Override
            public void close() {
            }
        };
    }
}
