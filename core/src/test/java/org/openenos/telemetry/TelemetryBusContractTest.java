package org.openenos.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;

/**
 * What every {@link TelemetryBus} promises, whatever it runs on: one suite, one subclass per implementation (the
 * embedded log, Kafka), so that the stages above the port can rely on the same contract. Each test gets a bus of
 * its own, empty.
 */
public abstract class TelemetryBusContractTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A new, empty bus of {@code partitions} partitions, used by this test only. */
    protected abstract TelemetryBus openBus(int partitions);

    /** Closes {@code bus} and opens it again on the same data (directory, topic). */
    protected abstract TelemetryBus reopen(TelemetryBus bus);

    /** Puts bytes that are no valid record into {@code partition}, as a foreign or damaged writer would. */
    protected abstract void appendUndecodable(TelemetryBus bus, int partition, byte[] bytes);

    /** Where the consumers of {@code bus} keep what they set aside. */
    protected abstract DeadLetters deadLetters(TelemetryBus bus);

    protected <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @Test
    void valuesOfOneAssetAreReadInTheOrderTheyWerePublishedFromTheAssetsPartition() {
        TelemetryBus bus = track(openBus(4));
        var acks = new ArrayList<CompletableFuture<Void>>();
        for (int t = 0; t < 50; t++) {
            for (int a = 0; a < 8; a++) {
                acks.add(bus.publish(List.of(value("asset-" + a, t))));
            }
        }
        acks.forEach(CompletableFuture::join);

        var records = drain(track(bus.consumer("ordering")), 400);

        var lastTime = new HashMap<String, Long>();
        for (BusRecord r : records) {
            for (MeasurePointValue v : r.values()) {
                assertThat(r.partition()).isEqualTo(bus.partitionOf(v.assetId()));
                assertThat(v.time()).isGreaterThan(lastTime.getOrDefault(v.assetId(), -1L));
                lastTime.put(v.assetId(), v.time());
            }
        }
        assertThat(lastTime).hasSize(8).allSatisfy((asset, time) -> assertThat(time).isEqualTo(49));
    }

    @Test
    void anAcknowledgedPublishIsKeptByTheBusAndReadableByAnyNewReader() {
        TelemetryBus bus = openBus(2);
        for (int t = 0; t < 20; t++) {
            bus.publish(List.of(value("a", t), value("b", t))).join();
        }
        bus = track(reopen(bus));

        assertThat(bus.endOffsets().values().stream().mapToLong(Long::longValue).sum()).isPositive();
        assertThat(values(drain(track(bus.consumer("late-reader")), 40))).hasSize(40);
    }

    @Test
    void aConsumerGroupResumesFromItsCommittedOffsetsAndOtherGroupsReadEverything() {
        TelemetryBus bus = track(openBus(1));
        for (int t = 0; t < 20; t++) {
            bus.publish(List.of(value("a", t))).join();
        }
        try (BusConsumer first = bus.consumer("resuming")) {
            List<BusRecord> read = drain(first, 20);
            BusRecord tenth = read.get(9);
            first.commit(Map.of(tenth.partition(), tenth.offset() + 1));
            assertThat(first.committed()).containsEntry(tenth.partition(), tenth.offset() + 1);
        }

        List<BusRecord> resumed = drain(track(bus.consumer("resuming")), 10);
        assertThat(values(resumed)).extracting(MeasurePointValue::time).containsExactly(
                10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
        assertThat(values(drain(track(bus.consumer("another-group")), 20))).hasSize(20);
    }

    @Test
    void aLoneMemberOfAGroupIsToldItReadsEveryPartitionBeforeItGetsTheirRecords() {
        TelemetryBus bus = track(openBus(3));
        for (int t = 0; t < 5; t++) {
            bus.publish(List.of(value("a", t), value("b", t), value("c", t), value("d", t))).join();
        }
        var owned = new java.util.concurrent.ConcurrentSkipListSet<Integer>();
        var readBeforeOwned = new java.util.concurrent.atomic.AtomicBoolean();
        List<BusRecord> read = new ArrayList<>();
        BusConsumer member = track(bus.consumer("owning", PoisonRecordHandler.loggingOnly("owning"),
                new PartitionOwnership() {
                    public void assigned(java.util.Set<Integer> partitions) {
                        readBeforeOwned.compareAndSet(false, !read.isEmpty());
                        owned.addAll(partitions);
                    }

                    public void revoked(java.util.Set<Integer> partitions) {
                        owned.removeAll(partitions);
                    }
                }));
        read.addAll(drain(member, 20));

        assertThat(owned).containsExactly(0, 1, 2);
        assertThat(readBeforeOwned).isFalse();
        assertThat(read).allMatch(r -> owned.contains(r.partition()));
    }

    @Test
    void recordsReadButNotCommittedBeforeAConsumerCrashAreDeliveredAgain() {
        TelemetryBus bus = track(openBus(2));
        for (int t = 0; t < 10; t++) {
            bus.publish(List.of(value("a", t), value("b", t))).join();
        }
        BusConsumer crashing = bus.consumer("crashing");
        assertThat(values(drain(crashing, 20))).hasSize(20);
        crashing.close();

        assertThat(values(drain(track(bus.consumer("crashing")), 20))).hasSize(20);
    }

    @Test
    void aRecordThatDoesNotDecodeGoesToTheDeadLettersAndTheConsumerReadsOn() {
        TelemetryBus bus = track(openBus(1));
        bus.publish(List.of(value("a", 1))).join();
        byte[] poison = "not a telemetry record".getBytes(StandardCharsets.UTF_8);
        appendUndecodable(bus, 0, poison);
        bus.publish(List.of(value("a", 2))).join();
        DeadLetters deadLetters = deadLetters(bus);
        var handler = new PoisonRecordHandler("poisoned", deadLetters, Clock.systemUTC());

        List<BusRecord> read = drain(track(bus.consumer("poisoned", handler)), 2);

        assertThat(values(read)).extracting(MeasurePointValue::time).containsExactly(1L, 2L);
        assertThat(handler.undecodableRecords()).isEqualTo(1);
        assertThat(deadLetters.readAll()).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("undecodable");
            assertThat(letter.consumer()).isEqualTo("poisoned");
            assertThat(letter.record()).isEqualTo(poison);
        });
    }

    @Test
    void aCursorReadsOnePartitionFromTheOffsetItIsGiven() throws InterruptedException {
        TelemetryBus bus = track(openBus(1));
        for (int t = 0; t < 10; t++) {
            bus.publish(List.of(value("a", t))).join();
        }
        try (PartitionCursor cursor = bus.cursor(0, 4)) {
            var read = new ArrayList<BusRecord>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read.size() < 6 && System.nanoTime() < deadline) {
                List<BusRecord> polled = cursor.poll(100);
                read.addAll(polled);
                if (polled.isEmpty()) {
                    Thread.sleep(20); // a cursor never waits; its callers (stream sources) wait between polls
                }
            }
            assertThat(values(read)).extracting(MeasurePointValue::time).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(cursor.position()).isEqualTo(read.getLast().offset() + 1);
        }
    }

    @Test
    void aTailReadsEveryPartitionFromItsEndOnWithoutTakingRecordsFromAnyGroup() {
        TelemetryBus bus = track(openBus(3));
        for (int a = 0; a < 6; a++) {
            bus.publish(List.of(value("asset-" + a, 0))).join();
        }
        BusTail tail = track(bus.tail("live-test"));
        for (int t = 1; t <= 5; t++) {
            for (int a = 0; a < 6; a++) {
                bus.publish(List.of(value("asset-" + a, t))).join();
            }
        }

        var read = new ArrayList<BusRecord>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (values(read).size() < 30 && System.nanoTime() < deadline) {
            read.addAll(tail.poll(Duration.ofMillis(200), 7));
        }
        read.addAll(tail.poll(Duration.ofMillis(200), 100));

        assertThat(values(read)).as("what was published after it opened, nothing before")
                .hasSize(30).allSatisfy(v -> assertThat(v.time()).isPositive());
        assertThat(read.stream().map(BusRecord::partition).distinct()).as("from every partition").hasSize(3);
        assertThat(tail.lag()).as("read up to the end of each partition")
                .containsOnlyKeys(0, 1, 2).allSatisfy((p, lag) -> assertThat(lag).isZero());
        assertThat(values(drain(track(bus.consumer("after-tail")), 36))).as("a group still reads everything")
                .hasSize(36);
    }

    /** Polls until {@code values} values have come, then a little longer to catch any extra one. */
    protected static List<BusRecord> drain(BusConsumer consumer, int values) {
        var records = new ArrayList<BusRecord>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        int count = 0;
        while (count < values && System.nanoTime() < deadline) {
            for (BusRecord r : consumer.poll(Duration.ofMillis(200), 1_000)) {
                records.add(r);
                count += r.values().size();
            }
        }
        for (BusRecord r : consumer.poll(Duration.ofMillis(200), 1_000)) {
            records.add(r);
        }
        return records;
    }

    protected static List<MeasurePointValue> values(List<BusRecord> records) {
        return records.stream().flatMap(r -> r.values().stream()).toList();
    }

    protected static MeasurePointValue value(String asset, long time) {
        return new MeasurePointValue("org", "model", asset, "temp", time, (double) time, null);
    }
}
