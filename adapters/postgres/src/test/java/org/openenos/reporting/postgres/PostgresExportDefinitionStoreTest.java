package org.openenos.reporting.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openenos.registry.postgres.MetadataDatabase;
import org.openenos.reporting.ExportDefinition;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.RelativePeriod;
import org.openenos.timeseries.AggregateFunction;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresExportDefinitionStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aDefinitionReadsBackAsSavedReplacesOnSaveAndIsInvisibleToAnotherOrganization() throws Exception {
        try (MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null,
                Files.createTempDirectory("openenos-pg-exports").resolve("postgres"), 0, 2))) {
            var store = new PostgresExportDefinitionStore(JdbcClient.create(db.dataSource()));
            var d = new ExportDefinition("exp-1", "org1", "Daily", new ExportDefinition.Selection(List.of(), "tree1",
                    "site1", "inverter", List.of("power", "energy")), ExportDefinition.Values.AGGREGATE,
                    AggregateFunction.AVG, 60, RelativePeriod.YESTERDAY, "Europe/Berlin",
                    List.of(ExportFormat.CSV, ExportFormat.PDF),
                    new ExportDefinition.ReportTemplate("Daily report", "inv1", "power"),
                    new ExportDefinition.Delivery(true, List.of("ops@example.com")), 30, T0, T0);

            store.save(d);
            assertThat(store.find("org1", "exp-1")).contains(d);
            assertThat(store.find("org2", "exp-1")).isEmpty();
            assertThat(store.list("org2")).isEmpty();

            var renamed = new ExportDefinition("exp-1", "org1", "Daily (renamed)", d.selection(), d.values(),
                    d.function(), d.intervalMinutes(), d.period(), d.timeZone(), d.formats(), d.report(),
                    d.delivery(), d.retentionDays(), T0, T0.plusSeconds(60));
            store.save(renamed);
            assertThat(store.list("org1")).containsExactly(renamed);
            assertThat(store.delete("org2", "exp-1")).isFalse();
            assertThat(store.delete("org1", "exp-1")).isTrue();
            assertThat(store.find("org1", "exp-1")).isEmpty();
        }
    }
}
