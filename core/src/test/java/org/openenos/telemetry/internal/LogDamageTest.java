package org.openenos.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.PoisonRecordHandler;

/** Damage on disk inside the log (not a torn tail): reported, skipped, and never the end of reading. */
class LogDamageTest {
    private static final BusConfig SMALL_SEGMENTS = BusConfig.DEFAULTS.withPartitions(1).withSegmentBytes(4096);

    @TempDir
    Path dir;

    @TempDir
    Path lettersDir;
    private DeadLetterFile letters;
    private PoisonRecordHandler poison;

    @BeforeEach
    void handler() {
        letters = new DeadLetterFile(lettersDir.resolve("dead-letters.tsv"));
        poison = new PoisonRecordHandler("test", letters, Clock.systemUTC());
    }

    static MeasurePointValue v(long time) {
        return new MeasurePointValue("o1", "m1", "a", "p", time, "value padded to take some room " + time, null);
    }

    private void publish(LogTelemetryBus bus, int from, int to) {
        for (int i = from; i < to; i++) {
            bus.publish(List.of(v(i))).join();
        }
    }

    @Test
    void damageInsideAndAtTheEndOfClosedSegmentsIsReportedAndReadingGoesOnInTheNextSegment() throws IOException {
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS)) {
            publish(bus, 0, 100);
        }
        List<Path> segments = segments();
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        overwrite(segments.get(0), 1000, 150);                                  // inside the first segment
        overwrite(segments.get(1), Files.size(segments.get(1)) - 60, 60);       // the last frame of the second

        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS); BusConsumer consumer = bus.consumer("g", poison)) {
            List<Long> times = drain(consumer).stream().map(r -> r.values().getFirst().time()).toList();
            // Frames are 116-117 bytes: the first damage takes records 8 and 9, the second the last of its segment.
            assertThat(times).isSorted().hasSize(97).doesNotContain(8L, 9L, 71L).contains(0L, 7L, 10L, 70L, 72L, 99L);
            assertThat(poison.corruptRegions()).isEqualTo(2);
            assertThat(poison.lostRecords()).isEqualTo(100 - times.size());
            assertThat(poison.undecodableRecords()).isZero();
            assertThat(letters.readAll()).extracting(l -> l.reason() + "@" + l.offset())
                    .containsExactly("corrupt@8", "corrupt@71");
        }
    }

    @Test
    void aConsumerCommittedPastDamageStartsAfterItAndDoesNotReportItAgain() throws IOException {
        try (var bus = new LogTelemetryBus(dir, BusConfig.DEFAULTS.withPartitions(1))) {
            publish(bus, 0, 20);
        }
        overwrite(segments().getFirst(), 500, 100);
        try (var bus = new LogTelemetryBus(dir, BusConfig.DEFAULTS.withPartitions(1))) {
            try (BusConsumer consumer = bus.consumer("g", poison)) {
                consumer.commit(Map.of(0, 15L));
            }
            try (BusConsumer consumer = bus.consumer("g", poison)) {
                assertThat(drain(consumer)).extracting(BusRecord::offset).containsExactly(15L, 16L, 17L, 18L, 19L);
            }
            assertThat(poison.corruptRegions()).isZero();
        }
    }

    @Test
    void damageInTheMiddleOfTheLastSegmentIsNotCutOffWhenTheLogOpens() throws IOException {
        try (var bus = new LogTelemetryBus(dir, BusConfig.DEFAULTS.withPartitions(1))) {
            publish(bus, 0, 10);
        }
        overwrite(segments().getFirst(), 300, 10);
        try (var bus = new LogTelemetryBus(dir, BusConfig.DEFAULTS.withPartitions(1))) {
            assertThat(bus.endOffsets()).containsEntry(0, 10L);
            publish(bus, 10, 11);
            try (BusConsumer consumer = bus.consumer("g", poison)) {
                assertThat(drain(consumer)).extracting(BusRecord::offset).hasSize(10).endsWith(9L, 10L);
            }
            assertThat(poison.corruptRegions()).isEqualTo(1);
            assertThat(poison.lostRecords()).isEqualTo(1);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    private static void overwrite(Path file, long at, int bytes) throws IOException {
        try (var ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[bytes]), at);
        }
    }

    private static List<BusRecord> drain(BusConsumer consumer) {
        var records = new ArrayList<BusRecord>();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            records.addAll(consumer.poll(Duration.ofMillis(100), 500));
        }
        return records;
    }
}
