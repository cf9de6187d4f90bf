package org.openenos.rest.reporting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.error.OpenEnosException;
import org.openenos.reporting.ExportDefinition;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.RelativePeriod;
import org.openenos.timeseries.AggregateFunction;

/**
 * The JSON of an export definition in the API: enums as strings (checked here, so a typo gets a message that names
 * the field), the rest as in {@link ExportDefinition}.
 */
public record ExportBody(String definitionId, String name, Selection selection, String values, String function,
                         Integer intervalMinutes, String period, String timeZone, List<String> formats,
                         Report report, Delivery delivery, Integer retentionDays) {
    public record Selection(List<String> assetIds, String treeId, String branchAssetId, String modelId,
                            List<String> pointIds) {
    }

    public record Report(String title, String chartAssetId, String chartPointId) {
    }

    public record Delivery(Boolean toDirectory, List<String> emailTo) {
    }

    /** Days a run's files are kept when the definition does not say. */
    static final int DEFAULT_RETENTION_DAYS = 30;

    ExportDefinition toDefinition(String orgId) {
        if (selection == null) {
            throw OpenEnosException.badArgument("selection is required");
        }
        ExportDefinition.Values v;
        try {
            v = values == null ? ExportDefinition.Values.RAW : ExportDefinition.Values.valueOf(values.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument("values must be RAW or AGGREGATE");
        }
        AggregateFunction f;
        try {
            f = function == null || function.isBlank() ? null : AggregateFunction.parse(function);
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument("unknown function '" + function + "'");
        }
        if (period == null) {
            throw OpenEnosException.badArgument("period is required (YESTERDAY, LAST_7_DAYS, LAST_MONTH, TODAY)");
        }
        return new ExportDefinition(definitionId, orgId, name,
                new ExportDefinition.Selection(selection.assetIds(), selection.treeId(), selection.branchAssetId(),
                        selection.modelId(), selection.pointIds()),
                v, f, intervalMinutes == null ? 0 : intervalMinutes, RelativePeriod.parse(period), timeZone,
                formats == null ? List.of() : formats.stream().map(ExportFormat::parse).toList(),
                report == null ? null : new ExportDefinition.ReportTemplate(report.title(), report.chartAssetId(),
                        report.chartPointId()),
                delivery == null ? null : new ExportDefinition.Delivery(Boolean.TRUE.equals(delivery.toDirectory()),
                        delivery.emailTo()),
                retentionDays == null ? DEFAULT_RETENTION_DAYS : retentionDays, null, null);
    }

    static Map<String, Object> view(ExportDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("definitionId", d.definitionId());
        m.put("orgId", d.orgId());
        m.put("name", d.name());
        var s = d.selection();
        Map<String, Object> sel = new LinkedHashMap<>();
        sel.put("assetIds", s.assetIds());
        sel.put("treeId", s.treeId());
        sel.put("branchAssetId", s.branchAssetId());
        sel.put("modelId", s.modelId());
        sel.put("pointIds", s.pointIds());
        m.put("selection", sel);
        m.put("values", d.values().name());
        m.put("function", d.function() == null ? null : d.function().name().toLowerCase());
        m.put("intervalMinutes", d.intervalMinutes());
        m.put("period", d.period().name());
        m.put("timeZone", d.timeZone());
        m.put("formats", d.formats().stream().map(Enum::name).toList());
        m.put("report", d.report());
        m.put("delivery", d.delivery());
        m.put("retentionDays", d.retentionDays());
        m.put("createTime", d.createTime().toEpochMilli());
        m.put("updateTime", d.updateTime().toEpochMilli());
        return m;
    }
}
