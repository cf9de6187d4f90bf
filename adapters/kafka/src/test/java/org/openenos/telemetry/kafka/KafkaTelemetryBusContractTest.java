package org.openenos.telemetry.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.telemetry.DeadLetters;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.telemetry.TelemetryBusContractTest;

/** The bus contract on Kafka: one broker in KRaft mode started in this JVM, a topic of its own per test. */
class KafkaTelemetryBusContractTest extends TelemetryBusContractTest {
    private static final AtomicInteger TOPICS = new AtomicInteger();
    @TempDir
    static Path dir;
    private static KafkaTestCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaTestCluster.start(dir, 1);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Override
    protected TelemetryBus openBus(int partitions) {
        return KafkaTelemetryBus.open(KafkaBusConfig.singleBroker(kafka.bootstrapServers(),
                "telemetry-" + TOPICS.incrementAndGet(), partitions), "contract");
    }

    @Override
    protected TelemetryBus reopen(TelemetryBus bus) {
        bus.close();
        return KafkaTelemetryBus.open(((KafkaTelemetryBus) bus).config(), "contract");
    }

    @Override
    protected void appendUndecodable(TelemetryBus bus, int partition, byte[] bytes) {
        var config = ((KafkaTelemetryBus) bus).config();
        try (var producer = KafkaClients.producer(config, "foreign-writer")) {
            producer.send(new ProducerRecord<>(config.topic(), partition, "foreign", bytes)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected DeadLetters deadLetters(TelemetryBus bus) {
        return ((KafkaTelemetryBus) bus).deadLetters();
    }
}
