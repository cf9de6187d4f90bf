package org.openenos.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.batch.TaskKind;
import org.openenos.batch.TaskSpec;
import org.openenos.timeseries.AggregateFunction;

class InlineExportDefinitionTest {
    private static TaskSpec task(Map<String, String> config) {
        return new TaskSpec("report", TaskKind.EXPORT, config, 60, 0, 0, 0);
    }

    @Test
    void aTasksFlatSettingsDescribeTheExportWithListsSplitOnCommas() {
        ExportDefinition d = InlineExportDefinition.of("o1", 12, task(Map.of("assetIds", "a1, a2",
                "pointIds", "power,temp", "values", "aggregate", "function", "avg", "intervalMinutes", "60",
                "period", "yesterday", "formats", "CSV,XLSX", "emailTo", "ops@example.com", "timeZone", "UTC")));
        assertThat(d.definitionId()).isEqualTo("flow-12-report");
        assertThat(d.orgId()).isEqualTo("o1");
        assertThat(d.name()).isEqualTo("report");
        assertThat(d.selection().assetIds()).containsExactly("a1", "a2");
        assertThat(d.selection().pointIds()).containsExactly("power", "temp");
        assertThat(d.values()).isEqualTo(ExportDefinition.Values.AGGREGATE);
        assertThat(d.function()).isEqualTo(AggregateFunction.AVG);
        assertThat(d.intervalMinutes()).isEqualTo(60);
        assertThat(d.period()).isEqualTo(RelativePeriod.YESTERDAY);
        assertThat(d.formats()).containsExactly(ExportFormat.CSV, ExportFormat.XLSX);
        assertThat(d.delivery().emailTo()).isEqualTo(List.of("ops@example.com"));
        assertThat(d.retentionDays()).isEqualTo(InlineExportDefinition.DEFAULT_RETENTION_DAYS);
    }

    @Test
    void aBadSettingIsRefusedByName() {
        assertThatThrownBy(() -> InlineExportDefinition.of("o1", 1, task(Map.of("assetIds", "a1", "pointIds", "p",
                "period", "fortnight", "formats", "CSV")))).hasMessageContaining("period")
                .hasMessageContaining("fortnight");
        assertThatThrownBy(() -> InlineExportDefinition.of("o1", 1, task(Map.of("assetIds", "a1", "pointIds", "p",
                "period", "YESTERDAY")))).hasMessageContaining("formats");
    }

    @Test
    void inlineSettingsAcceptTheSameSpellingsAsASavedDefinition() {
        ExportDefinition d = InlineExportDefinition.of("o1", 12, task(Map.of("assetIds", "a1", "pointIds", "p",
                "values", "aggregate", "function", "cnt", "intervalMinutes", "60", "period", " last_month ",
                "formats", "csv, pdf", "reportTitle", "Monthly")));
        assertThat(d.function()).isEqualTo(AggregateFunction.COUNT);
        assertThat(d.period()).isEqualTo(RelativePeriod.LAST_MONTH);
        assertThat(d.formats()).containsExactly(ExportFormat.CSV, ExportFormat.PDF);
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheSettingAndTheFormatsThereAre() {
        assertThatThrownBy(() -> InlineExportDefinition.of("o1", 1, task(Map.of("assetIds", "a1", "pointIds", "p",
                "period", "yesterday", "formats", "avro")))).hasMessageContaining("formats")
                .hasMessageContaining("unknown format 'avro' (CSV, XLSX, PDF, PARQUET)");
        assertThat(InlineExportDefinition.of("o1", 1, task(Map.of("assetIds", "a1", "pointIds", "p",
                "period", "yesterday", "formats", "parquet"))).formats()).containsExactly(ExportFormat.PARQUET);
    }

    @Test
    void aTaskNamingADefinitionIsNotInline() {
        assertThat(InlineExportDefinition.isInline(task(Map.of("definitionId", "exp-1")))).isFalse();
        assertThat(InlineExportDefinition.isInline(task(Map.of("pointIds", "p")))).isTrue();
    }
}
