package org.openenos.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;

class LogTelemetryBusTest {
    static final BusConfig SMALL_SEGMENTS = BusConfig.DEFAULTS.withPartitions(2).withSegmentBytes(4096);

    @TempDir
    Path dir;

    static MeasurePointValue v(String asset, long time, Object value) {
        return new MeasurePointValue("o1", "m1", asset, "p", time, value, time % 2 == 0 ? 192 : null);
    }

    @Test
    void valuesOfEveryTypeComeBackInOrderPerAsset() {
        Object struct = Map.of("a", 1L, "b", List.of("x", true));
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS)) {
            var futures = new ArrayList<CompletableFuture<Void>>();
            for (int i = 0; i < 100; i++) {
                futures.add(bus.publish(List.of(v("a", i, (double) i), v("b", i, i % 3 == 0 ? struct : "s" + i))));
            }
            futures.forEach(CompletableFuture::join);
            try (BusConsumer consumer = bus.consumer("g")) {
                var values = drain(consumer, 200);
                assertThat(values.stream().filter(x -> x.assetId().equals("a")).map(MeasurePointValue::time))
                        .isSorted().hasSize(100);
                assertThat(values).contains(v("b", 3, struct), v("a", 7, 7.0));
            }
        }
    }

    @Test
    void aConsumerResumesAfterItsCommittedOffsetAndConsumedSegmentsAreDeleted() throws IOException {
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 300; i++) {
                bus.publish(List.of(v("a", i, "some text to fill segments " + i))).join();
            }
            try (BusConsumer consumer = bus.consumer("g")) {
                List<BusRecord> records = consumer.poll(Duration.ofSeconds(1), 200);
                assertThat(records).hasSize(200);
                long segmentsBefore = segmentCount(dir);
                int partition = records.getFirst().partition();
                consumer.commit(Map.of(partition, records.getLast().offset() + 1));
                assertThat(segmentCount(dir)).isLessThan(segmentsBefore);
            }
        }
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS); BusConsumer consumer = bus.consumer("g")) {
            var rest = drain(consumer, 100);
            assertThat(rest).extracting(MeasurePointValue::time).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(200, 300).boxed().toList());
        }
    }

    @Test
    void aSegmentIsKeptUntilEveryGroupHasCommittedPastIt() throws IOException {
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS)) {
            try (BusConsumer slow = bus.consumer("slow"); BusConsumer fast = bus.consumer("fast")) {
                for (int i = 0; i < 300; i++) {
                    bus.publish(List.of(v("a", i, "some text to fill segments " + i))).join();
                }
                long segmentsBefore = segmentCount(dir);
                List<BusRecord> records = fast.poll(Duration.ofSeconds(1), 300);
                fast.commit(Map.of(records.getFirst().partition(), records.getLast().offset() + 1));
                assertThat(segmentCount(dir)).isEqualTo(segmentsBefore);
                assertThat(drain(slow, 300)).hasSize(300);
            }
        }
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS); BusConsumer slow = bus.consumer("slow")) {
            assertThat(drain(slow, 300)).as("after a restart too, the slow group's records are kept").hasSize(300);
        }
    }

    @Test
    void aTornRecordAtTheEndIsCutOffAndWritingContinues() throws IOException {
        try (var bus = new LogTelemetryBus(dir, BusConfig.DEFAULTS.withPartitions(1))) {
            bus.publish(List.of(v("a", 1, 1.0))).join();
            bus.publish(List.of(v("a", 2, 2.0))).join();
        }
        Path segment;
        try (Stream<Path> files = Files.walk(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        }
        // A crash in the middle of a write leaves a frame header with part of its payload.
        Files.write(segment, new byte[]{0, 0, 0, 100, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 2, 9, 9},
                StandardOpenOption.APPEND);
        try (var bus = new LogTelemetryBus(dir, BusConfig.DEFAULTS.withPartitions(1))) {
            assertThat(bus.endOffsets()).containsEntry(0, 2L);
            bus.publish(List.of(v("a", 3, 3.0))).join();
            try (BusConsumer consumer = bus.consumer("g")) {
                assertThat(drain(consumer, 3)).extracting(MeasurePointValue::value).containsExactly(1.0, 2.0, 3.0);
            }
        }
    }

    @Test
    void aPollTakesTheOldestRecordsAcrossPartitionsFirst() {
        // "a" and "b" hash to different partitions of two; "a" is published first but holds the later times.
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 100; i++) {
                bus.publish(List.of(v("a", 100 + i, "late " + i))).join();
            }
            for (int i = 0; i < 100; i++) {
                bus.publish(List.of(v("b", i, "early " + i))).join();
            }
            try (BusConsumer consumer = bus.consumer("g")) {
                var first = consumer.poll(Duration.ofSeconds(1), 100).stream()
                        .flatMap(r -> r.values().stream()).map(MeasurePointValue::time).toList();
                var second = consumer.poll(Duration.ofSeconds(1), 100).stream()
                        .flatMap(r -> r.values().stream()).map(MeasurePointValue::time).toList();
                assertThat(first).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 100).boxed().toList());
                assertThat(second).containsExactlyElementsOf(
                        java.util.stream.LongStream.range(100, 200).boxed().toList());
            }
        }
    }

    @Test
    void aPartitionWhoseRecordsAreAlwaysNewestStillGetsATurn() {
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS)) {
            bus.publish(List.of(v("a", 1_000_000, "ahead"))).join();
            for (int i = 0; i < 500; i++) {
                bus.publish(List.of(v("b", i, "backlog " + i))).join();
            }
            try (BusConsumer consumer = bus.consumer("g")) {
                var assets = new ArrayList<String>();
                for (int poll = 0; poll < 20; poll++) {
                    consumer.poll(Duration.ofSeconds(1), 10).forEach(r -> assets.add(r.values().getFirst().assetId()));
                }
                assertThat(assets).hasSize(200).contains("a");
            }
        }
    }

    @Test
    void aRecordLargerThanTheReadAheadBufferIsReadWhole() {
        String large = "x".repeat(3 << 20);
        try (var bus = new LogTelemetryBus(dir, BusConfig.DEFAULTS.withPartitions(1))) {
            bus.publish(List.of(v("a", 1, "small"))).join();
            bus.publish(List.of(v("a", 2, large))).join();
            bus.publish(List.of(v("a", 3, "after"))).join();
            try (BusConsumer consumer = bus.consumer("g")) {
                assertThat(drain(consumer, 3)).extracting(MeasurePointValue::value)
                        .containsExactly("small", large, "after");
            }
        }
    }

    @Test
    void aGroupCommitLargerThanTheWriteBufferComesBackWholeAfterAReopen() {
        String text = "y".repeat(500);
        var futures = new ArrayList<CompletableFuture<Void>>();
        try (var bus = new LogTelemetryBus(dir, BusConfig.DEFAULTS.withPartitions(1))) {
            // not joined one by one: they queue up and the writer takes many of them (MBs) into one group commit
            for (int i = 0; i < 2_000; i++) {
                futures.add(bus.publish(List.of(v("a", i, text + i))));
            }
            futures.forEach(CompletableFuture::join);
        }
        try (var bus = new LogTelemetryBus(dir, BusConfig.DEFAULTS.withPartitions(1));
             BusConsumer consumer = bus.consumer("g")) {
            var values = drain(consumer, 2_000);
            assertThat(values).hasSize(2_000);
            for (int i = 0; i < 2_000; i++) {
                assertThat(values.get(i).value()).isEqualTo(text + i);
            }
        }
    }

    static long segmentCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".log")).count();
        }
    }

    static List<MeasurePointValue> drain(BusConsumer consumer, int expected) {
        var values = new ArrayList<MeasurePointValue>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (values.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100), 500).forEach(r -> values.addAll(r.values()));
        }
        return values;
    }
}
