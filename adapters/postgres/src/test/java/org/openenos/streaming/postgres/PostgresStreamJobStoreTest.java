package org.openenos.streaming.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.registry.postgres.MetadataDatabase;
import org.openenos.streaming.JobStatus;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresStreamJobStoreTest {

    @Test
    void jobsRoundTripWithTheirConfigsAndAreScopedByOrganization() throws Exception {
        try (var db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null,
                Files.createTempDirectory("openenos-pg-stream"), 0, 2))) {
            var store = new PostgresStreamJobStore(JdbcClient.create(db.dataSource()));
            var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Map<String, Object> config = Map.of("latencySeconds", 0, "policies", List.of(Map.of("modelId", "m",
                    "inputPoint", "p", "aggregation", "avg", "windowMinutes", 1, "outputPoint", "p_avg")));
            var job = new StreamJob("j1", "o1", "avg", TemplateType.TimeWindowAggregation, config, null, 1, 0,
                    JobStatus.DRAFT, null, now, now);
            store.insert(job);
            assertThat(store.find("o1", "j1")).contains(job);
            assertThat(store.find("o2", "j1")).isEmpty();

            var running = job.released(now).withStatus(JobStatus.RUNNING, null, now);
            store.update(running);
            assertThat(store.find("o1", "j1")).contains(running);
            assertThat(store.withStatus(JobStatus.RUNNING)).containsExactly(running);
            assertThat(store.list("o2")).isEmpty();
            assertThat(store.delete("o2", "j1")).isFalse();
            assertThat(store.delete("o1", "j1")).isTrue();
            assertThat(store.list("o1")).isEmpty();
        }
    }
}
