package org.openenos.reporting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;
import org.openenos.error.OpenEnosException;
import org.openenos.timeseries.AggregateFunction;

/**
 * What a scheduled export produces: which series ({@link Selection}), raw values or windows of an aggregate, over
 * which {@link RelativePeriod} in which time zone, in which formats, with an optional PDF {@link ReportTemplate},
 * delivered where ({@link Delivery}), and kept how long. {@code timeZone} null means the server's default report
 * zone; {@code intervalMinutes} only counts for aggregates.
 */
public record ExportDefinition(String definitionId, String orgId, String name, Selection selection, Values values,
                               AggregateFunction function, int intervalMinutes, RelativePeriod period, String timeZone,
                               List<ExportFormat> formats, ReportTemplate report, Delivery delivery,
                               int retentionDays, Instant createTime, Instant updateTime) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>]+@[^@\\s,;<>]+");
    /** Windows of an aggregate over a period: enough for a month of 1-minute windows, not more. */
    static final long MAX_WINDOWS = 50_000;
    static final int MAX_SERIES = 1_000;
    static final int MAX_RETENTION_DAYS = 3_650;

    public enum Values { RAW, AGGREGATE }

    /**
     * The series: {@code pointIds} of either the listed {@code assetIds}, or the assets of model {@code modelId}
     * below {@code branchAssetId} (itself included) in asset tree {@code treeId}.
     */
    public record Selection(List<String> assetIds, String treeId, String branchAssetId, String modelId,
                            List<String> pointIds) {
        public Selection {
            assetIds = copy(assetIds);
            pointIds = copy(pointIds);
        }

        public boolean byBranch() {
            return assetIds.isEmpty();
        }
    }

    /** The PDF: a title, a table per series, and a line chart of one series over the period. */
    public record ReportTemplate(String title, String chartAssetId, String chartPointId) {
    }

    /** Besides keeping the files for download: a copy in the configured directory, and/or an e-mail to each address. */
    public record Delivery(boolean toDirectory, List<String> emailTo) {
        public Delivery {
            emailTo = copy(emailTo);
        }

        public static final Delivery NONE = new Delivery(false, List.of());
    }

    public ExportDefinition {
        formats = copy(formats);
        delivery = delivery == null ? Delivery.NONE : delivery;
    }

    public ExportDefinition withIdentity(String definitionId, String orgId, Instant createTime, Instant updateTime) {
        return new ExportDefinition(definitionId, orgId, name, selection, values, function, intervalMinutes, period,
                timeZone, formats, report, delivery, retentionDays, createTime, updateTime);
    }

    /** The zone of the periods: the definition's own, else {@code fallback}. */
    public ZoneId zone(ZoneId fallback) {
        return timeZone == null || timeZone.isBlank() ? fallback : ZoneId.of(timeZone);
    }

    /** Throws a bad-argument error naming the first thing wrong; nothing is saved or run before this passes. */
    public void validate() {
        require(name != null && !name.isBlank() && name.length() <= 200, "name is required (at most 200 characters)");
        require(selection != null, "selection is required");
        require(!selection.pointIds().isEmpty(), "selection.pointIds is required");
        selection.pointIds().forEach(p -> require(p != null && !p.isBlank(), "selection.pointIds has a blank id"));
        if (selection.byBranch()) {
            require(notBlank(selection.treeId()) && notBlank(selection.branchAssetId()) && notBlank(selection.modelId()),
                    "selection needs assetIds, or treeId, branchAssetId and modelId");
        } else {
            selection.assetIds().forEach(a -> require(a != null && !a.isBlank(), "selection.assetIds has a blank id"));
            require(selection.assetIds().size() * selection.pointIds().size() <= MAX_SERIES,
                    "at most " + MAX_SERIES + " series (assets × points) per export");
        }
        require(values != null, "values is required (RAW or AGGREGATE)");
        require(period != null, "period is required");
        if (values == Values.AGGREGATE) {
            require(function != null, "function is required for aggregates (avg, sum, min, max, count, first, last)");
            require(intervalMinutes > 0, "intervalMinutes must be positive for aggregates");
            require(31L * 24 * 60 / intervalMinutes <= MAX_WINDOWS,
                    "intervalMinutes too small: at most " + MAX_WINDOWS + " windows per series");
        }
        if (timeZone != null && !timeZone.isBlank()) {
            try {
                ZoneId.of(timeZone);
            } catch (RuntimeException e) {
                throw OpenEnosException.badArgument("unknown timeZone '" + timeZone + "'");
            }
        }
        require(!formats.isEmpty() && !formats.contains(null), "formats is required (CSV, XLSX, PDF)");
        require(formats.stream().distinct().count() == formats.size(), "formats lists a format twice");
        if (formats.contains(ExportFormat.PDF)) {
            require(report != null && notBlank(report.title()), "a PDF needs report.title");
            require(report.chartPointId() == null || notBlank(report.chartAssetId()),
                    "report.chartAssetId is required with report.chartPointId");
        }
        require(retentionDays >= 1 && retentionDays <= MAX_RETENTION_DAYS,
                "retentionDays must be between 1 and " + MAX_RETENTION_DAYS);
        delivery.emailTo().forEach(to -> require(to != null && EMAIL.matcher(to).matches(),
                "delivery.emailTo has an invalid address '" + to + "'"));
    }

    /** An unmodifiable copy that keeps null elements, so that {@link #validate()} can name them instead of a crash. */
    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw OpenEnosException.badArgument(message);
        }
    }
}
