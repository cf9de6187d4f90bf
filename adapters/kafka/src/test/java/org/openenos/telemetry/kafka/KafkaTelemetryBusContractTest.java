package org.openenos.telemetry.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
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

    @Test
    void recordsAMemberTakesOverUncommittedAreMarkedAsReplaysAndRecordsPublishedSinceAreNot() {
        TelemetryBus bus = track(openBus(1));
        for (int t = 0; t < 5; t++) {
            bus.publish(List.of(value("a", t))).join();
        }
        try (BusConsumer dying = bus.consumer("takeover")) {
            assertThat(drain(dying, 5)).hasSize(5);
        }

        BusConsumer successor = track(bus.consumer("takeover"));
        List<BusRecord> replayed = drain(successor, 5);
        bus.publish(List.of(value("a", 5))).join();
        List<BusRecord> fresh = drain(successor, 1);

        // the storage stage checks replays against the store, so the takeover stores nothing twice
        assertThat(replayed).hasSize(5).allMatch(BusRecord::mayRepeat);
        assertThat(fresh).singleElement().satisfies(r -> assertThat(r.mayRepeat()).isFalse());
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
