package org.openenos.ota.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.ota.OtaJob;
import org.openenos.ota.OtaSchedule;
import org.openenos.ota.OtaTask;
import org.openenos.registry.postgres.MetadataDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresOtaJobRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void oneNodeDrivesAJobUntilItsLeaseRunsOutAndChangesApplyOnlyToTheStateTheyWereReadIn() throws Exception {
        try (MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null,
                Files.createTempDirectory("openenos-pg-ota").resolve("postgres"), 0, 2))) {
            PostgresOtaJobRepository jobs = new PostgresOtaJobRepository(JdbcClient.create(db.dataSource()));
            OtaJob job = new OtaJob("job1", "org1", "pk", "fw1", "rollout",
                    new OtaJob.Scope(false, List.of("d1"), List.of(), Map.of("site", "n")),
                    new OtaJob.Policy(true, 600, 2, 10, 60, 5, new OtaSchedule(1, 2, false, 60), 3),
                    OtaJob.Status.CREATED, T0, null, null);
            jobs.insert(job);
            assertThat(jobs.find("org1", "job1")).contains(job);
            assertThat(jobs.find("org2", "job1")).as("another organization").isEmpty();

            assertThat(jobs.lease("job1", "node-a", T0, T0.plusSeconds(30))).isTrue();
            assertThat(jobs.lease("job1", "node-b", T0.plusSeconds(10), T0.plusSeconds(40))).isFalse();
            assertThat(jobs.lease("job1", "node-a", T0.plusSeconds(10), T0.plusSeconds(40))).as("renewed").isTrue();
            assertThat(jobs.lease("job1", "node-b", T0.plusSeconds(41), T0.plusSeconds(71))).as("taken over")
                    .isTrue();

            OtaTask task = new OtaTask("job1.a1", "job1", "org1", "a1", "pk", "d1", "1.0", "2.0",
                    OtaTask.Status.INIT, 0, null, 0, null, T0);
            jobs.insertTasks(List.of(task));
            assertThat(jobs.update(task.published(T0), OtaTask.Status.INIT)).isTrue();
            assertThat(jobs.update(task.with(OtaTask.Status.CANCELED, 0, "canceled", T0), OtaTask.Status.INIT))
                    .as("the task was pushed meanwhile").isFalse();
            assertThat(jobs.task("job1.a1").orElseThrow().status()).isEqualTo(OtaTask.Status.PUBLISHED);
            assertThat(jobs.activeTaskOf("a1")).as("the job has not started").isEmpty();
            assertThat(jobs.update(job.withStatus(OtaJob.Status.RUNNING, T0), OtaJob.Status.CREATED)).isTrue();
            assertThat(jobs.activeTaskOf("a1").orElseThrow().attempts()).isEqualTo(1);
            assertThat(jobs.unfinishedUsing("org1", "fw1")).isEqualTo(1);
            assertThat(jobs.taskCounts("job1")).containsEntry(OtaTask.Status.PUBLISHED, 1L)
                    .containsEntry(OtaTask.Status.INIT, 0L);
        }
    }
}
