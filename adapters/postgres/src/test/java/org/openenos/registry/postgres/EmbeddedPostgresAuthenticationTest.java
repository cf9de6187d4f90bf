package org.openenos.registry.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class EmbeddedPostgresAuthenticationTest {

    private static MetadataDatabase start(Path dataDir) {
        return MetadataDatabase.start(new MetadataDatabase.Config(null, null, null, dataDir.resolve("postgres"), 0,
                2));
    }

    private static String url(MetadataDatabase db) {
        return db.jdbcUrl().replaceFirst("\\?.*", "");
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(url, p);
    }

    private static String password(Path dataDir, String file) throws Exception {
        return Files.readString(dataDir.resolve("keys").resolve(file)).strip();
    }

    @Test
    void aConnectionWithoutThePasswordOrWithAWrongOneIsRefusedForEveryRole() throws Exception {
        Path dataDir = Files.createTempDirectory("openenos-pg-auth");
        try (MetadataDatabase db = start(dataDir)) {
            for (String user : new String[] {"postgres", "openenos"}) {
                assertThatThrownBy(() -> connect(url(db), user, null).close()).as(user)
                        .isInstanceOf(SQLException.class).hasMessageContaining("password");
                assertThatThrownBy(() -> connect(url(db), user, "not-the-password").close()).as(user)
                        .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            }
            try (Connection c = connect(url(db), "openenos",
                    password(dataDir, MetadataDatabase.APPLICATION_PASSWORD_FILE))) {
                assertThat(c.isValid(5)).isTrue();
            }
            assertThat(Files.readString(dataDir.resolve("postgres").resolve("pg_hba.conf")))
                    .doesNotContain("trust").contains("scram-sha-256");
        }
    }

    @Test
    void theServerWorksAsARoleThatOwnsItsSchemaButIsNoSuperuserAndCannotRunPrograms() throws Exception {
        Path dataDir = Files.createTempDirectory("openenos-pg-role");
        try (MetadataDatabase db = start(dataDir)) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("openenos");
            assertThat(jdbc.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").query(Boolean.class)
                    .single()).isFalse();
            assertThat(jdbc.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'users'").query(String.class)
                    .single()).isEqualTo("openenos");
            assertThatThrownBy(() -> jdbc.sql("COPY (SELECT 1) TO PROGRAM 'true'").update()).rootCause()
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> jdbc.sql("SELECT pg_read_file('postgresql.conf')").query(String.class).single())
                    .rootCause().hasMessageContaining("permission denied");
        }
    }

    @Test
    void thePasswordsAreKeptInFilesOnlyTheOwnerCanRead() throws Exception {
        Path dataDir = Files.createTempDirectory("openenos-pg-keys");
        try (MetadataDatabase ignored = start(dataDir)) {
            Path keys = dataDir.resolve("keys");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
            for (String file : new String[] {MetadataDatabase.SUPERUSER_PASSWORD_FILE,
                    MetadataDatabase.APPLICATION_PASSWORD_FILE}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(file))))
                        .as(file).isEqualTo("rw-------");
                assertThat(password(dataDir, file)).hasSize(32);
            }
            assertThat(password(dataDir, MetadataDatabase.SUPERUSER_PASSWORD_FILE))
                    .isNotEqualTo(password(dataDir, MetadataDatabase.APPLICATION_PASSWORD_FILE));
        }
    }

    @Test
    void theBinariesRunFromADirectoryNoOtherLocalUserCanEnter() throws Exception {
        try (MetadataDatabase ignored = start(Files.createTempDirectory("openenos-pg-bin"))) {
            Path program = EmbeddedBinaries.INSTANCE.program("postgres");
            Path privateParent = EmbeddedBinaries.INSTANCE.workingDirectory().getParent();
            assertThat(program).startsWith(privateParent);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateParent)))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void aDataDirectoryOfThePreviousVersionWithTrustAuthenticationIsMigratedAndKeepsItsData() throws Exception {
        Path dataDir = Files.createTempDirectory("openenos-pg-legacy");
        Path pgDir = dataDir.resolve("postgres");
        // what the previous version did: library defaults (trust), migrated and used as the superuser
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder().setDataDirectory(pgDir)
                .setCleanDataDirectory(false).start()) {
            Flyway.configure().dataSource(legacy.getPostgresDatabase()).locations("classpath:db/migration").load()
                    .migrate();
            JdbcClient.create(legacy.getPostgresDatabase())
                    .sql("INSERT INTO organizations (org_id, name, create_time) VALUES ('o1', 'kept', now())")
                    .update();
            assertThat(Files.readString(pgDir.resolve("pg_hba.conf"))).containsPattern("(?m)^host.*trust");
        }
        try (MetadataDatabase db = start(dataDir)) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(jdbc.sql("SELECT name FROM organizations WHERE org_id = 'o1'").query(String.class).single())
                    .isEqualTo("kept");
            jdbc.sql("INSERT INTO organizations (org_id, name, create_time) VALUES ('o2', 'new', now())").update();
            assertThat(jdbc.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> "
                    + "'openenos'").query(Long.class).single()).isZero();
            assertThatThrownBy(() -> connect(url(db), "postgres", null).close()).isInstanceOf(SQLException.class);
            assertThat(Files.readString(pgDir.resolve("pg_hba.conf"))).doesNotContain("trust");
        }
        // and it starts again as it is now
        try (MetadataDatabase db = start(dataDir)) {
            assertThat(JdbcClient.create(db.dataSource()).sql("SELECT count(*) FROM organizations")
                    .query(Long.class).single()).isEqualTo(2);
        }
    }
}
