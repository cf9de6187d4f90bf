package org.openenos.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.openenos.telemetry.kafka.KafkaTestCluster;
import org.openenos.testkit.FlinkSessionCluster;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * The server of the Flink cluster tests, one for all the classes that extend this one: a Flink 2.2 session cluster
 * (a JobManager and a TaskManager as JVMs of their own from Maven Central's jars, nothing of this project on their
 * class path), a Kafka broker for the bus, and a server running stream jobs and batch SQL steps on that cluster.
 * Starting them is most of each class's time, so they start once: every subclass has the same Spring context
 * configuration, which Spring's context cache hands on. After the last class of {@link #SHARING} the server and the
 * clusters are closed ({@link LastClassCloses}); a run that selects only some of the classes closes them at the JVM's
 * exit.
 */
@Tag("cluster")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestExecutionListeners(listeners = FlinkClusterServer.LastClassCloses.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
abstract class FlinkClusterServer extends ServerTestSupport {
    /** The classes on this server; it closes after the last of them. */
    private static final List<String> SHARING = List.of("FlinkSessionStreamingClusterTest", "FlinkBatchClusterTest");
    private static final Set<String> FINISHED = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean CLOSED = new AtomicBoolean();

    static final KafkaTestCluster KAFKA;
    static final FlinkSessionCluster FLINK;
    private static final Path NODE_DATA_DIR;
    private static final Path CHECKPOINTS;
    private static final Path EXCHANGE;

    static {
        try {
            NODE_DATA_DIR = Files.createTempDirectory("openenos-flink-node");
            CHECKPOINTS = Files.createTempDirectory("openenos-flink-checkpoints");
            EXCHANGE = Files.createTempDirectory("openenos-batch-exchange");
            KAFKA = KafkaTestCluster.start(Files.createTempDirectory("openenos-kafka"), 1);
            FLINK = FlinkSessionCluster.start(Files.createTempDirectory("openenos-flink"),
                    FlinkSessionCluster.flinkClassPath(), 2, Duration.ofSeconds(120));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(FlinkClusterServer::closeClusters, "flink-cluster-close"));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestBase.serverProperties(registry, NODE_DATA_DIR);
        registry.add("openenos.bus.type", () -> "kafka");
        registry.add("openenos.bus.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("openenos.bus.kafka.partitions", () -> "4");
        registry.add("openenos.bus.kafka.replication-factor", () -> "1");
        registry.add("openenos.bus.kafka.min-insync-replicas", () -> "1");
        registry.add("openenos.bus.kafka.client-id", () -> "flink-cluster-test-node");
        registry.add("openenos.streaming.mode", () -> "cluster");
        registry.add("openenos.streaming.cluster.rest-address", FLINK::restAddress);
        registry.add("openenos.streaming.cluster.job-jar", () -> jobJar().toString());
        registry.add("openenos.streaming.cluster.checkpoint-dir", () -> CHECKPOINTS.toUri().toString());
        registry.add("openenos.streaming.checkpoint-interval", () -> "2s");
        registry.add("openenos.streaming.cluster.directory-refresh", () -> "1s");
        registry.add("openenos.batch.cluster.rest-address", FLINK::restAddress);
        registry.add("openenos.batch.cluster.exchange-dir", EXCHANGE::toString);
    }

    /** The job jar adapters/flink builds in its package phase. */
    static Path jobJar() {
        Path target = Path.of("..", "adapters", "flink", "target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst().orElseThrow(
                    () -> new IllegalStateException("no job jar in " + target + ": package adapters/flink first"));
        } catch (IOException e) {
            throw new IllegalStateException("no job jar in " + target + ": package adapters/flink first", e);
        }
    }

    private static void closeClusters() {
        if (CLOSED.compareAndSet(false, true)) {
            FLINK.close();
            KAFKA.close();
        }
    }

    /**
     * After the last class of {@link #SHARING}: closes the server (as {@link DirtiesContext} would, so it does not
     * run beside the classes that follow), then Flink and Kafka.
     */
    static final class LastClassCloses extends AbstractTestExecutionListener {
        @Override
        public void afterTestClass(TestContext testContext) {
            FINISHED.add(testContext.getTestClass().getSimpleName());
            if (FINISHED.containsAll(SHARING)) {
                testContext.markApplicationContextDirty(DirtiesContext.HierarchyMode.EXHAUSTIVE);
                closeClusters();
            }
        }
    }
}
