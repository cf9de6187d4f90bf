package org.openenos.batch.flink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonGenerator;
import org.openenos.batch.OrgCatalog;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * Writes what a step's SQL may read as JSON-lines files for Flink's file system connector: {@code history} (the
 * organization's raw values within the step's window, read series by series from the store), {@code assets} and
 * {@code asset_attributes}, with the same columns as the Calcite tables (ADR 0100). Only the organization's assets and
 * their models' points are written, so the job cannot see another organization's rows. A window holding more than
 * {@code maxValues} values fails the step instead of filling the disk.
 */
final class StepInputFiles {
    /** The tables and their Flink SQL columns, as the Calcite engine declares them. */
    static final Map<String, String> TABLES = Map.of(
            "history", "asset_id STRING NOT NULL, point_id STRING NOT NULL, ts TIMESTAMP(3) NOT NULL,"
                    + " num_value DOUBLE, str_value STRING",
            "assets", "asset_id STRING NOT NULL, name STRING, model_id STRING NOT NULL, timezone STRING NOT NULL,"
                    + " is_device BOOLEAN NOT NULL",
            "asset_attributes", "asset_id STRING NOT NULL, attribute_id STRING NOT NULL, attr_value STRING");
    /** Flink's JSON format reads and writes TIMESTAMP(3) in the SQL standard's form, without a zone: UTC here. */
    static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final int PAGE = 10_000;
    private static final JsonFactory JSON = new JsonFactory();

    private final OrgCatalog catalog;
    private final TimeSeriesStore store;

    StepInputFiles(OrgCatalog catalog, TimeSeriesStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /** Writes the three tables under {@code dir/<table>/data.json}; returns how many history values were written. */
    long write(Path dir, String orgId, long from, long to, long maxValues, Runnable checkStop) throws IOException {
        List<OrgCatalog.AssetRow> assets = catalog.assets(orgId);
        try (var out = table(dir, "assets")) {
            for (OrgCatalog.AssetRow a : assets) {
                out.writeStartObject();
                out.writeStringField("asset_id", a.assetId());
                out.writeStringField("name", a.name());
                out.writeStringField("model_id", a.modelId());
                out.writeStringField("timezone", a.timezone());
                out.writeBooleanField("is_device", a.device());
                out.writeEndObject();
            }
        }
        try (var out = table(dir, "asset_attributes")) {
            for (OrgCatalog.AssetRow a : assets) {
                for (var e : a.attributes().entrySet()) {
                    out.writeStartObject();
                    out.writeStringField("asset_id", a.assetId());
                    out.writeStringField("attribute_id", e.getKey());
                    out.writeStringField("attr_value", e.getValue() == null ? null : e.getValue().toString());
                    out.writeEndObject();
                }
            }
        }
        long written = 0;
        Map<String, List<String>> pointsOfModel = new HashMap<>();
        try (var out = table(dir, "history")) {
            for (OrgCatalog.AssetRow a : assets) {
                for (String point : pointsOfModel.computeIfAbsent(a.modelId(), m -> catalog.measurePoints(orgId, m))) {
                    checkStop.run();
                    written += writeSeries(out, new SeriesKey(orgId, a.assetId(), point), from, to,
                            maxValues - written);
                }
            }
        }
        return written;
    }

    private long writeSeries(JsonGenerator out, SeriesKey series, long from, long to, long left) throws IOException {
        long written = 0;
        long start = from;
        while (start < to) {
            List<MeasurePointValue> page = store.range(series, start, to, PAGE, false);
            for (MeasurePointValue v : page) {
                if (++written > left) {
                    throw new IllegalStateException("the history window holds more values than the step may read"
                            + ": narrow the window or raise the task's maxRows");
                }
                Object value = v.value();
                out.writeStartObject();
                out.writeStringField("asset_id", v.assetId());
                out.writeStringField("point_id", v.pointId());
                out.writeStringField("ts", SQL_TIMESTAMP.format(Instant.ofEpochMilli(v.time())));
                if (value instanceof Number n) {
                    out.writeNumberField("num_value", n.doubleValue());
                } else if (value instanceof Boolean b) {
                    out.writeNumberField("num_value", b ? 1.0 : 0.0);
                } else {
                    out.writeNullField("num_value");
                }
                out.writeStringField("str_value", value == null || value instanceof Number ? null : value.toString());
                out.writeEndObject();
            }
            if (page.size() < PAGE) {
                break;
            }
            start = page.getLast().time() + 1;
        }
        return written;
    }

    private static JsonGenerator table(Path dir, String table) throws IOException {
        Path file = Files.createDirectories(dir.resolve(table)).resolve("data.json");
        BufferedWriter writer = Files.newBufferedWriter(file);
        JsonGenerator out = JSON.createGenerator(writer);
        out.setRootValueSeparator(new org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.io
                .SerializedString("\n"));
        return out;
    }
}
