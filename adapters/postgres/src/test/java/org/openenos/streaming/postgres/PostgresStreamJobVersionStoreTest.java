package org.openenos.streaming.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.registry.postgres.MetadataDatabase;
import org.openenos.streaming.StreamJobVersion;
import org.openenos.streaming.StreamJobVersionStore;
import org.openenos.streaming.TemplateType;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresStreamJobVersionStoreTest {

    @Test
    void releasedVersionsAreKeptNewestFirstAndScopedByOrganization() throws Exception {
        try (var db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null,
                Files.createTempDirectory("openenos-pg-stream-versions"), 0, 2))) {
            StreamJobVersionStore store = new PostgresStreamJobVersionStore(JdbcClient.create(db.dataSource()));
            var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Map<String, Object> v1 = Map.of("policies", List.of(Map.of("modelId", "m", "outputPoint", "a")));
            Map<String, Object> v2 = Map.of("policies", List.of(Map.of("modelId", "m", "outputPoint", "b")));
            store.insert(new StreamJobVersion("j1", "o1", 1, "job", TemplateType.TimeWindowAggregation, v1, now));
            store.insert(new StreamJobVersion("j1", "o1", 2, "job", TemplateType.TimeWindowAggregation, v2,
                    now.plusSeconds(5)));

            assertThat(store.list("o1", "j1")).extracting(StreamJobVersion::version).containsExactly(2, 1);
            assertThat(store.find("o1", "j1", 1)).get().extracting(StreamJobVersion::config).isEqualTo(v1);
            assertThat(store.find("o2", "j1", 1)).isEmpty();
            assertThat(store.list("o2", "j1")).isEmpty();

            store.deleteAll("o1", "j1");
            assertThat(store.list("o1", "j1")).isEmpty();
        }
    }
}
