package org.openenos.reporting;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.openenos.batch.TaskSpec;
import org.openenos.error.OpenEnosException;
import org.openenos.timeseries.AggregateFunction;

/**
 * An export carried inline by an {@code EXPORT} task instead of a saved definition: the task's flat settings
 * ({@code assetIds} or {@code treeId}/{@code branchAssetId}/{@code modelId}, {@code pointIds}, {@code period},
 * {@code formats}, optional {@code name}, {@code values}, {@code function}, {@code intervalMinutes},
 * {@code timeZone}, {@code reportTitle}, {@code chartAssetId}, {@code chartPointId}, {@code emailTo},
 * {@code toDirectory}, {@code retentionDays}); lists are comma-separated. Its runs are listed under the id
 * {@code flow-<flowId>-<task name>}.
 */
public final class InlineExportDefinition {
    static final int DEFAULT_RETENTION_DAYS = 30;

    private InlineExportDefinition() {
    }

    /** Whether the task carries its export inline (it names no saved definition). */
    public static boolean isInline(TaskSpec task) {
        String id = task.setting(ExportTaskExecutor.DEFINITION_ID);
        return id == null || id.isBlank();
    }

    /** The definition the task's settings describe, for {@code orgId}; throws naming the first bad setting. */
    public static ExportDefinition of(String orgId, long flowId, TaskSpec task) {
        var selection = new ExportDefinition.Selection(list(task, "assetIds"), task.setting("treeId"),
                task.setting("branchAssetId"), task.setting("modelId"), list(task, "pointIds"));
        ExportDefinition.ReportTemplate report = task.setting("reportTitle") == null ? null
                : new ExportDefinition.ReportTemplate(task.setting("reportTitle"), task.setting("chartAssetId"),
                task.setting("chartPointId"));
        var delivery = new ExportDefinition.Delivery(Boolean.parseBoolean(task.setting("toDirectory")),
                list(task, "emailTo"));
        String name = task.setting("name");
        ExportDefinition d = new ExportDefinition("flow-" + flowId + "-" + task.name(), orgId,
                name == null || name.isBlank() ? task.name() : name, selection,
                enumOf(task, "values", v -> ExportDefinition.Values.valueOf(v.toUpperCase(Locale.ROOT)),
                        ExportDefinition.Values.RAW),
                enumOf(task, "function", AggregateFunction::parse, null), integer(task, "intervalMinutes", 0),
                enumOf(task, "period", RelativePeriod::parse, null), task.setting("timeZone"),
                list(task, "formats").stream().map(f -> parse("formats", f, ExportFormat::parse)).toList(),
                report, delivery, integer(task, "retentionDays", DEFAULT_RETENTION_DAYS), null, null);
        d.validate();
        return d;
    }

    private static List<String> list(TaskSpec task, String key) {
        String v = task.setting(key);
        return v == null || v.isBlank() ? List.of()
                : Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static <E> E enumOf(TaskSpec task, String key, Function<String, E> valueOf, E fallback) {
        String v = task.setting(key);
        return v == null || v.isBlank() ? fallback : parse(key, v, valueOf);
    }

    /**
     * Parses with the type's own parser (the same spellings as a saved definition: {@code cnt} for count,
     * lower case, a clear word on Parquet) and names the setting in the error.
     */
    private static <E> E parse(String key, String value, Function<String, E> parser) {
        try {
            return parser.apply(value.strip());
        } catch (OpenEnosException e) {
            throw OpenEnosException.badArgument(key + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument(key + " has an unknown value '" + value + "'");
        }
    }

    private static int integer(TaskSpec task, String key, int fallback) {
        String v = task.setting(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw OpenEnosException.badArgument(key + " must be a whole number, not '" + v + "'");
        }
    }
}
