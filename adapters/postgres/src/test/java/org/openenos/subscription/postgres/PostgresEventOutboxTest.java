package org.openenos.subscription.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.registry.postgres.MetadataDatabase;
import org.openenos.subscription.EventOutbox;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresEventOutboxTest {
    @TempDir
    Path dir;

    @Test
    void pendingEventsComeBackPerNodeInOrderWithTheirFieldsInTheirOrderUntilRemoved() {
        try (MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null, dir, 0, 2))) {
            var outbox = new PostgresEventOutbox(JdbcClient.create(db.dataSource()));
            var fields = new LinkedHashMap<String, Object>();
            fields.put("orgId", "o1");
            fields.put("assetId", "a1");
            fields.put("modelId", null);
            fields.put("eventType", "ONLINE");
            fields.put("time", 1_700_000_000_123L);
            long first = outbox.add("n1", new EventOutbox.Entry("o1", null, "a1", fields));
            long second = outbox.add("n1", new EventOutbox.Entry("o1", "m1", "a2", fields));
            outbox.add("n2", new EventOutbox.Entry("o1", "m1", "a3", fields));

            var pending = outbox.pending("n1");
            assertThat(pending).extracting(EventOutbox.Pending::id).containsExactly(first, second);
            assertThat(pending.getFirst().entry().fields()).containsExactlyEntriesOf(fields);
            assertThat(pending.getFirst().entry().modelId()).isNull();

            outbox.remove(first);
            assertThat(outbox.pending("n1")).extracting(EventOutbox.Pending::id).containsExactly(second);
            assertThat(outbox.pending("n2")).hasSize(1);
        }
    }
}
