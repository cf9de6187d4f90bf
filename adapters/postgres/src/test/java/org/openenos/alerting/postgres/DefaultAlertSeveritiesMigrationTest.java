package org.openenos.alerting.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.openenos.alerting.CatalogEntry;
import org.openenos.alerting.CatalogStore;
import org.openenos.model.StringI18n;
import org.springframework.jdbc.core.simple.JdbcClient;

class DefaultAlertSeveritiesMigrationTest {

    @Test
    void existingAndNewOrganizationsGetTheDefaultSeveritiesAndAnExistingEntryIsKept() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("openenos-pg-severities").resolve("postgres")).start()) {
            JdbcClient jdbc = JdbcClient.create(pg.getPostgresDatabase());
            // a schema from before V140 (90 is a version that exists on every branch)
            Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").target("90")
                    .load().migrate();
            jdbc.sql("INSERT INTO organizations (org_id, name, create_time) VALUES ('old', 'old', now())").update();
            CatalogStore catalog = new PostgresAlertRuleStore(jdbc);
            catalog.save(new CatalogEntry(CatalogEntry.Kind.SEVERITY, "old", "critical",
                    new StringI18n("Sehr schlimm", null), null, null, Map.of()));

            Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").load()
                    .migrate();
            jdbc.sql("INSERT INTO organizations (org_id, name, create_time) VALUES ('new', 'new', now())").update();

            assertThat(catalog.list(CatalogEntry.Kind.SEVERITY, "old")).extracting(e -> e.desc().defaultValue())
                    .containsExactly("Sehr schlimm", "Info", "Warning");
            assertThat(catalog.list(CatalogEntry.Kind.SEVERITY, "new"))
                    .extracting(CatalogEntry::id, e -> e.desc().defaultValue(), CatalogEntry::orgId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("critical", "Critical", "new"),
                            org.assertj.core.groups.Tuple.tuple("info", "Info", "new"),
                            org.assertj.core.groups.Tuple.tuple("warning", "Warning", "new"));
            assertThat(catalog.list(CatalogEntry.Kind.TYPE, "new")).isEmpty();
        }
    }
}
