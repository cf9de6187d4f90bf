package org.openenos.sdk.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurepointBufferTest {
    @TempDir
    Path dir;

    private static PendingPoints points(long time, double power) {
        return new PendingPoints("pk", "dk", time, "{\"power\":" + power + "}");
    }

    @Test
    void unacknowledgedEntriesSurviveAReopenInTimeOrder() {
        Path file = dir.resolve("buffer.log");
        try (MeasurepointBuffer buffer = MeasurepointBuffer.open(file, 1 << 20)) {
            buffer.append(List.of(points(3000, 3), points(1000, 1)));
            buffer.append(List.of(points(2000, 2)));
        }
        try (MeasurepointBuffer reopened = MeasurepointBuffer.open(file, 1 << 20)) {
            assertThat(reopened.pending()).extracting(BufferedPoints::time).containsExactly(1000L, 2000L, 3000L);
            assertThat(reopened.pending().getFirst().measurepointsJson()).isEqualTo("{\"power\":1.0}");
        }
    }

    @Test
    void acknowledgedEntriesAreNotReplayedAfterAReopen() {
        Path file = dir.resolve("buffer.log");
        try (MeasurepointBuffer buffer = MeasurepointBuffer.open(file, 1 << 20)) {
            List<BufferedPoints> written = buffer.append(List.of(points(1, 1), points(2, 2), points(3, 3)));
            buffer.acknowledge(List.of(written.get(0).sequence(), written.get(2).sequence()));
        }
        try (MeasurepointBuffer reopened = MeasurepointBuffer.open(file, 1 << 20)) {
            assertThat(reopened.pending()).extracting(BufferedPoints::time).containsExactly(2L);
        }
    }

    @Test
    void theFileShrinksToNothingOnceEverythingIsAcknowledged() {
        try (MeasurepointBuffer buffer = MeasurepointBuffer.open(dir.resolve("buffer.log"), 1 << 20)) {
            List<BufferedPoints> written = buffer.append(List.of(points(1, 1), points(2, 2)));
            assertThat(buffer.fileBytes()).isPositive();
            buffer.acknowledge(written.stream().map(BufferedPoints::sequence).toList());
            assertThat(buffer.fileBytes()).isZero();
            assertThat(buffer.size()).isZero();
        }
    }

    @Test
    void aTornTailFromACrashIsCutOffAndEarlierEntriesSurvive() throws IOException {
        Path file = dir.resolve("buffer.log");
        try (MeasurepointBuffer buffer = MeasurepointBuffer.open(file, 1 << 20)) {
            buffer.append(List.of(points(1, 1)));
            buffer.append(List.of(points(2, 2)));
        }
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size - 3); // the second record lost its last bytes
        }
        try (MeasurepointBuffer reopened = MeasurepointBuffer.open(file, 1 << 20)) {
            assertThat(reopened.pending()).extracting(BufferedPoints::time).containsExactly(1L);
            reopened.append(List.of(points(3, 3)));
        }
        try (MeasurepointBuffer again = MeasurepointBuffer.open(file, 1 << 20)) {
            assertThat(again.pending()).extracting(BufferedPoints::time).containsExactly(1L, 3L);
        }
    }

    @Test
    void aCorruptedRecordEndsRecoveryAtTheLastGoodRecord() throws IOException {
        Path file = dir.resolve("buffer.log");
        try (MeasurepointBuffer buffer = MeasurepointBuffer.open(file, 1 << 20)) {
            buffer.append(List.of(points(1, 1)));
            buffer.append(List.of(points(2, 2)));
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 8] ^= 0x5A; // flip bits inside the second record's body
        Files.write(file, bytes);
        try (MeasurepointBuffer reopened = MeasurepointBuffer.open(file, 1 << 20)) {
            assertThat(reopened.pending()).extracting(BufferedPoints::time).containsExactly(1L);
        }
    }

    @Test
    void aFullBufferRefusesNewEntriesWithoutWritingAnything() {
        try (MeasurepointBuffer buffer = MeasurepointBuffer.open(dir.resolve("buffer.log"), 100)) {
            buffer.append(List.of(points(1, 1)));
            long before = buffer.fileBytes();
            assertThatThrownBy(() -> buffer.append(List.of(points(2, 2), points(3, 3))))
                    .isInstanceOf(BufferFullException.class).hasMessageContaining("full");
            assertThat(buffer.fileBytes()).isEqualTo(before);
            assertThat(buffer.size()).isEqualTo(1);
        }
    }

    @Test
    void sequencesKeepGrowingAcrossReopensSoAcknowledgementsNeverHitANewEntry() {
        Path file = dir.resolve("buffer.log");
        long first;
        try (MeasurepointBuffer buffer = MeasurepointBuffer.open(file, 1 << 20)) {
            first = buffer.append(List.of(points(1, 1))).getFirst().sequence();
        }
        try (MeasurepointBuffer reopened = MeasurepointBuffer.open(file, 1 << 20)) {
            long second = reopened.append(List.of(points(2, 2))).getFirst().sequence();
            assertThat(second).isGreaterThan(first);
        }
    }

    @Test
    void manyAcknowledgementsCompactTheFileToTheOpenEntries() {
        try (MeasurepointBuffer buffer = MeasurepointBuffer.open(dir.resolve("buffer.log"), 1 << 24)) {
            BufferedPoints keep = buffer.append(List.of(points(0, 0))).getFirst();
            for (int i = 1; i <= 1100; i++) {
                BufferedPoints entry = buffer.append(List.of(points(i, i))).getFirst();
                buffer.acknowledge(List.of(entry.sequence()));
            }
            assertThat(buffer.pending()).containsExactly(keep);
            // 1,100 entries and their acknowledgements take about 70 KB uncompacted
            assertThat(buffer.fileBytes()).isLessThan(10_000);
        }
    }
}
