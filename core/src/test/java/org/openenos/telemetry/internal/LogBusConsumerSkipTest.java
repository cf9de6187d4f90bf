package org.openenos.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openenos.telemetry.internal.LogTelemetryBusTest.SMALL_SEGMENTS;
import static org.openenos.telemetry.internal.LogTelemetryBusTest.segmentCount;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConsumer;

/** A group that has no use for some records moves past them without reading them (the subscription router). */
class LogBusConsumerSkipTest {
    @TempDir
    Path dir;

    static MeasurePointValue v(String asset, long time) {
        return new MeasurePointValue("o1", "m1", asset, "p", time, "some text to fill segments " + time, null);
    }

    @Test
    void aGroupThatSkipsReadsOnFromWhereItSkippedAndResumesThereAfterARestart() {
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS); BusConsumer consumer = bus.consumer("g")) {
            publish(bus, 0, 200);
            assertThat(consumer.poll(Duration.ofSeconds(1), 10)).as("records read ahead before the skip").isNotEmpty();
            Map<Integer, Long> ends = bus.endOffsets();
            publish(bus, 200, 250);

            assertThat(consumer.skipTo(ends)).isTrue();

            assertThat(consumer.committed()).isEqualTo(ends);
            assertThat(drain(consumer, 50)).extracting(MeasurePointValue::time)
                    .containsExactlyInAnyOrderElementsOf(LongStream.range(200, 250).boxed().toList());
        }
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS); BusConsumer consumer = bus.consumer("g")) {
            assertThat(drain(consumer, 50)).as("from the skipped-to offsets: nothing skipped comes back")
                    .extracting(MeasurePointValue::time)
                    .containsExactlyInAnyOrderElementsOf(LongStream.range(200, 250).boxed().toList());
        }
    }

    @Test
    void aSkipNeverMovesBackAndLetsTheSegmentsItPassedBeDeleted() throws IOException {
        try (var bus = new LogTelemetryBus(dir, SMALL_SEGMENTS); BusConsumer consumer = bus.consumer("g")) {
            Map<Integer, Long> early = bus.endOffsets();
            publish(bus, 0, 300);
            long segmentsBefore = segmentCount(dir);

            consumer.skipTo(bus.endOffsets());
            Map<Integer, Long> skipped = consumer.committed();
            consumer.skipTo(early);

            assertThat(consumer.committed()).isEqualTo(skipped).isEqualTo(bus.endOffsets());
            assertThat(segmentCount(dir)).isLessThan(segmentsBefore);
            assertThat(consumer.poll(Duration.ofMillis(200), 100)).isEmpty();
            publish(bus, 300, 301);
            assertThat(drain(consumer, 1)).extracting(MeasurePointValue::time).containsExactly(300L);
        }
    }

    private static void publish(LogTelemetryBus bus, int from, int to) {
        var published = new ArrayList<CompletableFuture<Void>>();
        for (int i = from; i < to; i++) {
            published.add(bus.publish(List.of(v(i % 2 == 0 ? "a" : "b", i))));
        }
        published.forEach(CompletableFuture::join);
    }

    /** Every record expected, then one more poll: anything beyond what was expected would show here. */
    private static List<MeasurePointValue> drain(BusConsumer consumer, int expected) {
        var values = new ArrayList<>(LogTelemetryBusTest.drain(consumer, expected));
        consumer.poll(Duration.ofMillis(100), 500).forEach(r -> values.addAll(r.values()));
        return values;
    }
}
