package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

class ObservabilityTest extends ServerTestBase {
    @LocalManagementPort
    int managementPort;

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void healthReportsTheTelemetryPathAndPrometheusExposesItsMetrics() throws Exception {
        assertThat(get("/actuator/health")).contains("\"status\":\"UP\"");
        admin(); // one API request, so that its timer exists
        String metrics = get("/actuator/prometheus");
        assertThat(metrics).contains("openenos_telemetry_backlog_records").contains("openenos_telemetry_stored_records")
                .contains("openenos_telemetry_backlog_age_seconds").contains("openenos_telemetry_stage_up")
                .contains("openenos_telemetry_poison_undecodable_records_total")
                .contains("openenos_telemetry_poison_corrupt_regions_total")
                .contains("openenos_telemetry_poison_refused_values_total")
                .contains("openenos_telemetry_dead_letters_total");
        assertThat(metrics).contains("http_server_requests");
        assertThat(metrics).contains("openenos_timeseries_maintenance_passes")
                .contains("openenos_timeseries_maintenance_failures")
                .contains("openenos_timeseries_parquet_converted_partitions");
    }
}
