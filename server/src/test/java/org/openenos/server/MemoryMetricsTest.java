package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/** The meters of the memory beside the heap (ADR 0135): the store's native allocations and cap, Netty's buffers. */
class MemoryMetricsTest extends ServerTestBase {
    @LocalManagementPort
    int managementPort;

    @Test
    void prometheusShowsTheStoresNativeMemoryWithItsDefaultCapAndTheGatewaysBuffers() throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + managementPort + "/actuator/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();

        assertThat(metrics).contains("openenos_timeseries_native_memory_limit_bytes 5.36870912E8")
                .contains("openenos_timeseries_native_memory_allocated_bytes")
                .contains("openenos_timeseries_native_memory_mapped_bytes")
                .contains("netty_allocator_memory_used{");
    }
}
