package org.openenos.connectivity.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.DeviceLog;
import org.openenos.connectivity.DeviceLogStore;
import org.openenos.registry.postgres.MetadataDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresDeviceLogStoreTest {

    @Test
    void aDeviceKeepsOnlyItsNewestLogsAndOtherDevicesAreUntouched() throws Exception {
        try (MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null,
                Files.createTempDirectory("openenos-pg-logs").resolve("postgres"), 0, 2))) {
            DeviceLogStore store = new PostgresDeviceLogStore(JdbcClient.create(db.dataSource()), 5);
            for (int i = 0; i < 12; i++) {
                store.append(log("noisy", i));
            }
            store.append(log("quiet", 0));
            var noisy = store.search(new DeviceLogStore.Query("org", "noisy", null, null, null, null, 0, 100));
            assertThat(noisy).extracting(l -> l.content().get("n")).containsExactly(11, 10, 9, 8, 7);
            assertThat(store.count(new DeviceLogStore.Query("org", "quiet", DeviceLog.Kind.LOG, "WARN", null, null,
                    0, 10))).isEqualTo(1);
            assertThat(store.count(new DeviceLogStore.Query("other-org", null, null, null, null, null, 0, 10)))
                    .isZero();
        }
    }

    private static DeviceLog log(String assetId, int n) {
        return new DeviceLog("org", assetId, "pk", assetId, DeviceLog.Kind.LOG, "WARN", "m", Map.of("n", n),
                Instant.ofEpochMilli(1_700_000_000_000L + n));
    }
}
