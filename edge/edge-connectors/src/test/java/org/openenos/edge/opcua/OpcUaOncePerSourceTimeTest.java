package org.openenos.edge.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edge.runtime.EdgeRuntime;
import org.openenos.edge.testkit.FakeCloudLink;
import org.openenos.testkit.Await;

/**
 * A whole edge runtime on an OPC UA connection to an in-process Milo server: points are read through monitored
 * items by default (no Read service call), and each value reaches the cloud once per source timestamp, although
 * every update of one point re-processes the latest of the others. ServerStatus/State (i=2259) never changes;
 * ServerStatus/CurrentTime (i=2258) changes every second.
 */
class OpcUaOncePerSourceTimeTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        OpcUaConnectorTest.startServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        OpcUaConnectorTest.stopServer();
    }

    @Test
    void valuesAreSubscribedByDefaultAndPostedOncePerSourceTimestamp() throws Exception {
        String yaml = """
                gateway: {productKey: gwPk, productSecret: gwPs, serialNumber: EDGE-1}
                buffer: {directory: "%s"}
                status: {port: -1}
                connections:
                  - {id: ua, type: OPC_UA, endpointUrl: "opc.tcp://127.0.0.1:%d/edge", timeoutMillis: 5000}
                devices:
                  - id: srv
                    connection: ua
                    productKey: pk
                    deviceKey: srv
                    deviceSecret: s
                    pollIntervalMillis: 100
                    points:
                      - {id: state, nodeId: "ns=0;i=2259", type: INT32, samplingMillis: 100}
                      - {id: time, nodeId: "ns=0;i=2258", type: INT64, samplingMillis: 100}
                    template:
                      measurepoints:
                        - {measurepoint: state, input: state}
                        - {measurepoint: clock, input: time}
                """.formatted(dir.resolve("buffer").toString().replace("\\", "/"), OpcUaConnectorTest.port);
        EdgeConfig config = new EdgeConfigLoader().parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "edge.yaml");
        FakeCloudLink cloud = new FakeCloudLink();
        try (EdgeRuntime edge = new EdgeRuntime(config, List.of(new OpcUaConnectorFactory()), cloud,
                new SimpleMeterRegistry())) {
            edge.start();
            Await.atMost(Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(100))
                    .until("four clock updates", () -> count(cloud.posted, "clock") >= 4);
            List<UploadItem> posted = List.copyOf(cloud.posted);
            assertThat(count(posted, "state")).as("an unchanged value is posted once").isEqualTo(1);
            Set<String> pointAndTime = new HashSet<>();
            for (UploadItem item : posted) {
                for (String point : item.measurepoints().keySet()) {
                    assertThat(pointAndTime.add(point + "@" + item.time())).as("%s posted twice at %d", point,
                            item.time()).isTrue();
                }
            }
            assertThat(edge.connectors().get("ua").stats().requests.get()).as("no Read service call: monitored items")
                    .isZero();
        }
    }

    private static long count(List<UploadItem> items, String point) {
        return items.stream().filter(i -> i.measurepoints().containsKey(point)).count();
    }
}
