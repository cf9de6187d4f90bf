package org.openenos.edge.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.edge.cloud.UploadItem;

class ForwardLogTest {
    @TempDir
    Path dir;

    static UploadItem item(int i) {
        Map<String, Object> withQuality = new LinkedHashMap<>();
        withQuality.put("value", i % 5 == 0 ? null : i * 1.5);
        withQuality.put("quality", i % 5 == 0 ? 9 : 0);
        return new UploadItem("pk", "dev" + (i % 3), 1_700_000_000_000L + i,
                Map.of("v", withQuality, "n", (long) i, "on", i % 2 == 0, "s", "x" + i));
    }

    static List<UploadItem> items(int from, int to) {
        return IntStream.range(from, to).mapToObj(ForwardLogTest::item).toList();
    }

    @Test
    void itemsComeBackInOrderWithAllValueTypesAndLeaveOnlyWhenAcknowledged() {
        try (ForwardLog<UploadItem> log = ForwardLog.items(dir, 1 << 20, 4096, true)) {
            log.append(items(0, 50));
            ForwardLog.Batch<UploadItem> first = log.peek(20);
            assertThat(first.items()).containsExactlyElementsOf(items(0, 20));
            assertThat(log.peek(20).items()).as("peek is not consumption").containsExactlyElementsOf(items(0, 20));
            log.acknowledge(first);
            assertThat(log.depth()).isEqualTo(30);
            ForwardLog.Batch<UploadItem> rest = log.peek(100);
            assertThat(rest.items()).containsExactlyElementsOf(items(20, 50));
            log.acknowledge(rest);
            assertThat(log.depth()).isZero();
            assertThat(log.peek(10).isEmpty()).isTrue();
        }
    }

    @Test
    void theAcknowledgedPositionAndPendingItemsSurviveARestart() {
        try (ForwardLog<UploadItem> log = ForwardLog.items(dir, 1 << 20, 4096, true)) {
            log.append(items(0, 100));
            log.acknowledge(log.peek(40));
        }
        try (ForwardLog<UploadItem> log = ForwardLog.items(dir, 1 << 20, 4096, true)) {
            assertThat(log.depth()).isEqualTo(60);
            log.append(items(100, 110));
            List<UploadItem> all = new ArrayList<>();
            ForwardLog.Batch<UploadItem> batch;
            while (!(batch = log.peek(7)).isEmpty()) {
                all.addAll(batch.items());
                log.acknowledge(batch);
            }
            assertThat(all).containsExactlyElementsOf(items(40, 110));
        }
    }

    @Test
    void fullyDeliveredSegmentsAreDeleted() throws IOException {
        try (ForwardLog<UploadItem> log = ForwardLog.items(dir, 1 << 20, 2048, false)) {
            for (int i = 0; i < 200; i += 10) {
                log.append(items(i, i + 10));
            }
            assertThat(segmentCount()).isGreaterThan(3);
            List<UploadItem> delivered = new ArrayList<>();
            ForwardLog.Batch<UploadItem> batch;
            while (!(batch = log.peek(10)).isEmpty()) {
                delivered.addAll(batch.items());
                log.acknowledge(batch);
            }
            assertThat(segmentCount()).isEqualTo(1);
            assertThat(delivered).as("reading on across deleted segments").containsExactlyElementsOf(items(0, 200));
        }
    }

    @Test
    void whenTheBoundIsReachedTheOldestItemsAreDroppedAndCounted() {
        try (ForwardLog<UploadItem> log = ForwardLog.items(dir, 16_384, 4096, false)) {
            for (int i = 0; i < 1000; i += 10) {
                log.append(items(i, i + 10));
            }
            assertThat(log.bytes()).isLessThanOrEqualTo(16_384 + 4096);
            assertThat(log.dropped()).isPositive();
            assertThat(log.depth() + log.dropped()).isEqualTo(1000);
            List<UploadItem> left = log.peek(10_000).items();
            assertThat(left).hasSize((int) log.depth());
            assertThat(left.getLast()).isEqualTo(item(999));
            assertThat(left.getFirst()).isEqualTo(item((int) log.dropped()));
        }
    }

    @Test
    void aTornTailFromAPowerLossIsCutOffAndTheRestIsKept() throws IOException {
        try (ForwardLog<UploadItem> log = ForwardLog.items(dir, 1 << 20, 1 << 20, true)) {
            log.append(items(0, 10));
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            // Half of a record header and payload, as a crash in the middle of a write leaves it.
            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 0, 0}), channel.size());
        }
        try (ForwardLog<UploadItem> log = ForwardLog.items(dir, 1 << 20, 1 << 20, true)) {
            assertThat(log.peek(100).items()).containsExactlyElementsOf(items(0, 10));
            log.append(items(10, 12));
            assertThat(log.peek(100).items()).containsExactlyElementsOf(items(0, 12));
        }
    }

    private long segmentCount() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).count();
        }
    }
}
