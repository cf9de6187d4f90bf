package org.openenos.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.PartitionCursor;

class LogPartitionCursorTest {
    static final BusConfig SMALL_SEGMENTS = BusConfig.DEFAULTS.withPartitions(1).withSegmentBytes(4096);

    @TempDir
    Path dir;

    private static MeasurePointValue v(long time) {
        return new MeasurePointValue("o1", "m1", "a", "p", time, "some text to fill segments " + time, null);
    }

    @Test
    void aCursorReadsFromTheOffsetItWasGivenAndReportsItsPosition() {
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 50; i++) {
                bus.publish(List.of(v(i))).join();
            }
            try (PartitionCursor cursor = bus.cursor(0, 20)) {
                List<BusRecord> records = cursor.poll(10);
                assertThat(records).extracting(BusRecord::offset).containsExactly(20L, 21L, 22L, 23L, 24L, 25L,
                        26L, 27L, 28L, 29L);
                assertThat(cursor.position()).isEqualTo(30);
                assertThat(cursor.poll(100)).hasSize(20);
                assertThat(cursor.poll(100)).isEmpty();
                bus.publish(List.of(v(50))).join();
                assertThat(cursor.poll(100)).extracting(r -> r.values().getFirst().time()).containsExactly(50L);
            }
        }
    }

    @Test
    void segmentsAnOpenCursorStillNeedsAreKeptWhenAnotherGroupCommitsPastThem() {
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 300; i++) {
                bus.publish(List.of(v(i))).join();
            }
            try (PartitionCursor cursor = bus.cursor(0, 5); BusConsumer storage = bus.consumer("storage")) {
                List<BusRecord> read = storage.poll(Duration.ofSeconds(1), 300);
                storage.commit(Map.of(0, read.getLast().offset() + 1));
                List<BusRecord> fromCursor = cursor.poll(1000);
                assertThat(fromCursor).hasSize(295);
                assertThat(fromCursor.getFirst().offset()).isEqualTo(5);
            }
        }
    }
}
