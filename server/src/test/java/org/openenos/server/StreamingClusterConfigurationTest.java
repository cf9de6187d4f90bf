package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Cluster execution mode is refused at start-up, with the setting to change, where it cannot work. */
class StreamingClusterConfigurationTest {
    private static final StreamingProperties STREAMING = new StreamingProperties(true, 4, 1, DataSize.ofMegabytes(32),
            DataSize.ofMegabytes(32), Duration.ofSeconds(10), null);
    private static final BusProperties.Kafka KAFKA = new BusProperties.Kafka("127.0.0.1:9092", "t", 4, (short) 1, 1,
            "t-dead", Duration.ofMillis(5), Duration.ofMinutes(2), "n", Map.of());

    private static StreamingModeProperties cluster(Path jobJar, String checkpointDir) {
        return new StreamingModeProperties(StreamingModeProperties.Mode.CLUSTER,
                new StreamingModeProperties.Cluster("http://127.0.0.1:8081", jobJar, checkpointDir,
                        Duration.ofSeconds(10)));
    }

    @Test
    void clusterModeWithTheEmbeddedBusIsRefusedWithTheSettingToChange() {
        var embeddedBus = new BusProperties(BusProperties.Type.EMBEDDED, KAFKA);
        assertThatThrownBy(() -> new StreamingClusterConfiguration().clusterStreamEngine(
                cluster(Path.of("job.jar"), "file:///tmp/c"), STREAMING, embeddedBus, null, null, null, null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openenos.streaming.mode=cluster needs openenos.bus.type=kafka");
    }

    @Test
    void clusterModeWithoutAJobJarOrACheckpointDirectoryIsRefused() {
        var kafkaBus = new BusProperties(BusProperties.Type.KAFKA, KAFKA);
        assertThatThrownBy(() -> new StreamingClusterConfiguration().clusterStreamEngine(
                cluster(null, "file:///tmp/c"), STREAMING, kafkaBus, null, null, null, null, null))
                .hasMessageContaining("openenos.streaming.cluster.job-jar");
        assertThatThrownBy(() -> new StreamingClusterConfiguration().clusterStreamEngine(
                cluster(Path.of("job.jar"), " "), STREAMING, kafkaBus, null, null, null, null, null))
                .hasMessageContaining("openenos.streaming.cluster.checkpoint-dir");
    }
}
