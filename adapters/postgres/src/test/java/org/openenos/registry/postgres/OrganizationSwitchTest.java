package org.openenos.registry.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class OrganizationSwitchTest {

    @Test
    void theTotpRequirementAndDisabledPasswordsAreOffUntilSetAndKeptPerOrganizationAndRule() throws Exception {
        try (MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null,
                Files.createTempDirectory("openenos-pg-switch"), 0, 2))) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            jdbc.sql("INSERT INTO organizations (org_id, name, create_time) VALUES ('o1', 'one', now()),"
                    + " ('o2', 'two', now())").update();
            var totp = new PostgresTotpStore(jdbc, new TransactionTemplate(
                    new DataSourceTransactionManager(db.dataSource())));
            var sso = new PostgresSsoStore(jdbc);
            Instant now = Instant.parse("2026-01-01T00:00:00Z");

            assertThat(totp.required("o1")).isFalse();
            assertThat(sso.passwordsDisabled("o1")).isFalse();

            totp.setRequired("o1", true, now);
            sso.setPasswordsDisabled("o2", true, now);
            assertThat(totp.required("o1")).isTrue();
            assertThat(sso.passwordsDisabled("o1")).isFalse();
            assertThat(totp.required("o2")).isFalse();
            assertThat(sso.passwordsDisabled("o2")).isTrue();

            totp.setRequired("o1", false, now.plusSeconds(1));
            assertThat(totp.required("o1")).isFalse();
            assertThat(jdbc.sql("SELECT update_time FROM organization_totp_policy WHERE org_id = 'o1'")
                    .query(java.time.OffsetDateTime.class).single().toInstant()).isEqualTo(now.plusSeconds(1));
        }
    }
}
