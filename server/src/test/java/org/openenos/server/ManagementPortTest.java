package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/** Metrics are served on the management port only; health stays open on the API port. */
class ManagementPortTest extends ServerTestBase {
    @LocalManagementPort
    int managementPort;

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAreNotServedOnTheApiPort() throws Exception {
        for (String path : new String[]{"/actuator/prometheus", "/actuator/metrics",
                "/actuator/metrics/jvm.memory.used", "/actuator", "/actuator/info", "/actuator/health/liveness"}) {
            HttpResponse<String> r = get(base() + path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("jvm_");
        }
    }

    @Test
    void healthStaysOpenOnTheApiPortWithoutDetails() throws Exception {
        HttpResponse<String> r = get(base() + "/actuator/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"").doesNotContain("components");
    }

    @Test
    void theManagementPortServesPrometheusAndHealth() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        String management = "http://127.0.0.1:" + managementPort;
        assertThat(get(management + "/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
        assertThat(get(management + "/actuator/health").body()).contains("\"status\":\"UP\"");
    }
}
