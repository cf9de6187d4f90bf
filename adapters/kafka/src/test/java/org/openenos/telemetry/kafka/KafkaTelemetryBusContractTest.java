package org.openenos.telemetry.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.DeadLetters;
import org.openenos.telemetry.PartitionOwnership;
import org.openenos.telemetry.PoisonRecordHandler;
import org.openenos.model.MeasurePointValue;
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

    @Test
    void aMemberJoiningTheGroupTakesOnlyThePartitionsThatMoveAndTheOtherKeepsItsOwnWithoutGivingThemUp() {
        TelemetryBus bus = track(openBus(4));
        var first = new Ownership();
        var second = new Ownership();
        BusConsumer a = track(bus.consumer("sticky", PoisonRecordHandler.loggingOnly("sticky"), first));
        pollUntil(() -> first.owned.size() == 4, a);
        BusConsumer b = track(bus.consumer("sticky", PoisonRecordHandler.loggingOnly("sticky"), second));

        pollUntil(() -> first.owned.size() == 2 && second.owned.size() == 2, a, b);

        // eager rebalancing would revoke all four and assign two back: every partition's state reloaded
        assertThat(first.revoked).singleElement().isEqualTo(second.owned);
        assertThat(first.assigned).singleElement().isEqualTo(Set.of(0, 1, 2, 3));
        assertThat(second.assigned).singleElement().isEqualTo(second.owned);
    }

    @Test
    void aNewGroupThatStartsAtTheEndReadsOnlyWhatIsPublishedAfterItAndItsNextMemberGoesOnFromThere() {
        TelemetryBus bus = track(openBus(1));
        for (int t = 0; t < 5; t++) {
            bus.publish(List.of(value("a", t))).join();
        }
        var first = new Ownership();
        try (BusConsumer joining = bus.consumer("from-end", PoisonRecordHandler.loggingOnly("from-end"), first,
                TelemetryBus.NewGroupStart.LATEST)) {
            pollUntil(() -> !first.owned.isEmpty(), joining);
            assertThat(joining.committed()).as("the start is committed at once").containsEntry(0, 5L);
        }
        bus.publish(List.of(value("a", 5))).join();

        BusConsumer next = track(bus.consumer("from-end", PoisonRecordHandler.loggingOnly("from-end"),
                new Ownership(), TelemetryBus.NewGroupStart.LATEST));

        assertThat(values(drain(next, 1))).extracting(MeasurePointValue::time).containsExactly(5L);
        assertThat(values(drain(track(bus.consumer("from-start")), 6))).hasSize(6);
    }

    @Test
    void aMemberTellsWhenTheFirstRecordItFetchedAndDidNotCommitWasAppended() {
        TelemetryBus bus = track(openBus(1));
        long before = System.currentTimeMillis();
        for (int t = 0; t < 3; t++) {
            bus.publish(List.of(value("a", t))).join();
        }
        long after = System.currentTimeMillis();
        BusConsumer consumer = track(bus.consumer("ages"));
        assertThat(consumer.appendedAtMillis(0, 0)).as("nothing fetched yet").isEqualTo(-1);

        assertThat(drain(consumer, 3)).hasSize(3);
        assertThat(consumer.appendedAtMillis(0, 0)).isBetween(before, after);
        consumer.commit(Map.of(0, 2L));
        assertThat(consumer.appendedAtMillis(0, 2)).isBetween(before, after);
        consumer.commit(Map.of(0, 3L));

        assertThat(consumer.appendedAtMillis(0, 3)).as("everything committed").isEqualTo(-1);
    }

    private static final class Ownership implements PartitionOwnership {
        final Set<Integer> owned = new ConcurrentSkipListSet<>();
        final List<Set<Integer>> assigned = new CopyOnWriteArrayList<>();
        final List<Set<Integer>> revoked = new CopyOnWriteArrayList<>();

        @Override
        public void assigned(Set<Integer> partitions) {
            assigned.add(Set.copyOf(partitions));
            owned.addAll(partitions);
        }

        @Override
        public void revoked(Set<Integer> partitions) {
            revoked.add(Set.copyOf(partitions));
            owned.removeAll(partitions);
        }
    }

    /** Polls every member in turn (each must poll for a rebalance to complete) until the condition holds. */
    private static void pollUntil(BooleanSupplier condition, BusConsumer... members) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the group settled in time").isLessThan(deadline);
            for (BusConsumer m : members) {
                m.poll(Duration.ofMillis(100), 1_000);
            }
        }
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
