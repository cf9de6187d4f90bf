package org.openenos.registry.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class MetadataDatabaseTest {

    private static MetadataDatabase start(Path dir) {
        return MetadataDatabase.start(new MetadataDatabase.Config(null, null, null, dir, 0, 2));
    }

    @Test
    void theEmbeddedServerMakesCommitsDurableAndKeepsDataAcrossRestarts() throws Exception {
        Path dir = Files.createTempDirectory("openenos-pg");
        try (MetadataDatabase db = start(dir)) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(jdbc.sql("SHOW fsync").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
            jdbc.sql("INSERT INTO organizations (org_id, name, create_time) VALUES ('o1', 'kept', now())").update();
        }
        try (MetadataDatabase db = start(dir)) {
            assertThat(JdbcClient.create(db.dataSource()).sql("SELECT name FROM organizations WHERE org_id = 'o1'")
                    .query(String.class).single()).isEqualTo("kept");
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefusedWithoutHarmingTheFirst() throws Exception {
        Path dir = Files.createTempDirectory("openenos-pg-twice");
        try (MetadataDatabase first = start(dir.resolve("postgres"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(dir.resolve("postgres")))
                    .hasMessageContaining("another OpenEnOS server is running");
            assertThat(JdbcClient.create(first.dataSource()).sql("SELECT 1").query(Integer.class).single())
                    .isEqualTo(1);
        }
    }

    @Test
    void theEmbeddedServerStaysUpWhileTheProcessStopsUntilItIsClosed() throws Exception {
        Path dir = Files.createTempDirectory("openenos-pg-stop");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = dir.resolve("probe.log");
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classpath, ShutdownProbe.class.getName(), dir.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(log).lines().anyMatch("ready"::equals)) {
                assertThat(probe.isAlive()).as("the probe runs; its output: %s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("the probe started its database in time").isLessThan(deadline);
                Thread.sleep(100);
            }
            probe.destroy(); // SIGTERM, as systemd or Kubernetes stops the server
            assertThat(probe.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the probe stopped").isTrue();
        } finally {
            probe.destroyForcibly();
        }
        // the database's own shutdown hook used to stop it at the same moment, under the components still writing
        assertThat(Files.readString(dir.resolve("outcome"))).isEqualTo("written");
    }
}
