package org.openenos.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusReportTest {
    @TempDir
    Path dir;

    @Test
    void theReportToTheCloudCarriesTheDeadLetterAndUnreadableCountsTheLocalStatusShows() {
        EdgeStatus status = new EdgeStatus(false, List.of("connection broker: 3 unreadable"), "ONLINE", 0, 5, 500, 0,
                0, List.of(new EdgeStatus.Connection("plc", "MODBUS_TCP", true, 10, 0, null, 0),
                        new EdgeStatus.Connection("broker", "MQTT", true, 4, 0, null, 3)),
                List.of(), null, null, 2);

        Map<String, Object> report = StatusReport.of(status, new ManagedConfig(new AppliedConfigStore(dir),
                new SimpleMeterRegistry()));

        assertThat(report).containsEntry("deadLetterItems", 2L).containsEntry("unreadableMessages", 3L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> connections = (List<Map<String, Object>>) report.get("connections");
        assertThat(connections).extracting(c -> c.get("unreadableMessages")).containsExactly(0L, 3L);
    }
}
