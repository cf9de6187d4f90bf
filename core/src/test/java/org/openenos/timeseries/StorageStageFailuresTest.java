package org.openenos.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.DeadLetter;
import org.openenos.testkit.InMemoryTimeSeriesStore;
import org.openenos.timeseries.PipelineStatus.Level;

/** The storage stage over a real log on disk, with a store that refuses some values, is down, or is slow. */
class StorageStageFailuresTest {
    private static final TimeSeriesConfig ONE_PARTITION = TimeSeriesConfig.DEFAULTS.withBus(
            BusConfig.DEFAULTS.withPartitions(1));

    @TempDir
    Path dir;

    /** The in-memory store, refusing any batch that holds a value the predicate rejects, or blocking while gated. */
    static final class TroubledStore extends InMemoryTimeSeriesStore {
        volatile java.util.function.Predicate<MeasurePointValue> refuses = v -> false;
        volatile boolean down;
        volatile Error fatal;
        volatile CountDownLatch gate = new CountDownLatch(0);
        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        @Override
        public void append(List<MeasurePointValue> batch, AppendMode mode) {
            attempts.add(batch.size());
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fatal != null) {
                throw fatal;
            }
            if (down) {
                throw new IllegalStateException("disk full");
            }
            if (batch.stream().anyMatch(refuses)) {
                throw new IllegalArgumentException("value out of range for the column");
            }
            super.append(batch, mode);
        }

        List<Object> stored(String point) {
            return range(new SeriesKey("o1", "a1", point), 0, Long.MAX_VALUE, 1000, false).stream()
                    .map(MeasurePointValue::value).toList();
        }
    }

    static MeasurePointValue v(String point, long time, Object value) {
        return new MeasurePointValue("o1", "m1", "a1", point, time, value, null);
    }

    TimeSeriesModule start(TroubledStore store) {
        return TimeSeriesModule.start(dir, ONE_PARTITION, store, AssetTimezones.UTC, PointSignalTypes.UNKNOWN);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aBatchTheStoreRefusesIsSplitSoThatOnlyTheRefusedValuesGoToTheDeadLetters() throws Exception {
        var store = new TroubledStore();
        store.refuses = v -> v.value() instanceof Double d && d.isNaN();
        var received = new CopyOnWriteArrayList<MeasurePointValue>();
        try (var module = start(store); var sub = module.subscriptions().subscribe(received::addAll)) {
            var values = new java.util.ArrayList<MeasurePointValue>();
            for (int i = 0; i < 100; i++) {
                values.add(v("p", i, i == 37 || i == 80 ? Double.NaN : (double) i));
            }
            module.ingest().ingest(values).join();
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();

            assertThat(store.stored("p")).hasSize(98).doesNotContain(Double.NaN).contains(36.0, 38.0, 79.0, 81.0);
            assertThat(module.deadLetters().readAll()).extracting(DeadLetter::reason).containsOnly("refused");
            assertThat(module.deadLetters().readAll()).flatExtracting(DeadLetter::values)
                    .extracting(MeasurePointValue::time).containsExactlyInAnyOrder(37L, 80L);
            assertThat(received).hasSize(98);
            // Two bad values among a hundred: the split costs a few dozen attempts, not one per value.
            assertThat(store.attempts).hasSizeLessThan(40);
            var status = module.status();
            assertThat(status.deadLetterValues()).isEqualTo(2);
            assertThat(status.verdict(1_000, Duration.ofMinutes(1)).level()).isEqualTo(Level.UP);

            // And the stage goes on with what comes next.
            module.ingest().ingest(List.of(v("p", 100, 100.0))).join();
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            assertThat(store.stored("p")).contains(100.0);
        }
    }

    @Test
    void whileTheStoreIsDownNothingIsSetAsideAndHealthSaysDownWithTheReason() throws Exception {
        var store = new TroubledStore();
        store.down = true;
        try (var module = start(store)) {
            module.ingest().ingest(List.of(v("p", 1, 1.0), v("p", 2, 2.0))).join();
            await(() -> module.status().problem() != null);
            var verdict = module.status().verdict(1_000, Duration.ofMinutes(1));
            assertThat(verdict.level()).isEqualTo(Level.DOWN);
            assertThat(verdict.reason()).contains("cannot store").contains("disk full");

            store.down = false;
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            assertThat(store.stored("p")).containsExactly(1.0, 2.0);
            assertThat(module.deadLetters().readAll()).isEmpty();
            assertThat(module.status().verdict(1_000, Duration.ofMinutes(1)).level()).isEqualTo(Level.UP);
        }
    }

    @Test
    void aStageFallingBehindIsOutOfServiceWithItsLagInRecordsAndAge() throws Exception {
        var store = new TroubledStore();
        store.gate = new CountDownLatch(1);
        try (var module = start(store)) {
            for (int i = 0; i < 5; i++) {
                module.ingest().ingest(List.of(v("p", i, (double) i))).join();
            }
            await(() -> module.status().oldestUnstoredAge().toMillis() >= 300);
            PipelineStatus status = module.status();
            assertThat(status.backlogRecords()).isEqualTo(5);
            assertThat(status.verdict(3, Duration.ofMinutes(1)))
                    .satisfies(v -> assertThat(v.level()).isEqualTo(Level.OUT_OF_SERVICE))
                    .satisfies(v -> assertThat(v.reason()).contains("5 records behind"));
            assertThat(status.verdict(1_000, Duration.ofMillis(200)))
                    .satisfies(v -> assertThat(v.level()).isEqualTo(Level.OUT_OF_SERVICE))
                    .satisfies(v -> assertThat(v.reason()).contains("oldest unstored record"));

            store.gate.countDown();
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            assertThat(module.status().backlogRecords()).isZero();
            assertThat(module.status().oldestUnstoredAge()).isEqualTo(Duration.ZERO);
        }
    }

    @Test
    void aListenerThatFailsOnOneValueStillGetsTheOthers() throws Exception {
        var store = new TroubledStore();
        var received = new CopyOnWriteArrayList<MeasurePointValue>();
        try (var module = start(store); var sub = module.subscriptions().subscribe(values -> {
            if (values.stream().anyMatch(x -> "poison".equals(x.value()))) {
                throw new IllegalStateException("cannot evaluate");
            }
            received.addAll(values);
        })) {
            module.ingest().ingest(List.of(v("s", 1, "ok"), v("s", 2, "poison"), v("s", 3, "fine"))).join();
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            assertThat(received).extracting(MeasurePointValue::value).containsExactly("ok", "fine");
            assertThat(module.deadLetters().readAll()).singleElement()
                    .satisfies(l -> assertThat(l.reason()).startsWith("listener-failed"))
                    .satisfies(l -> assertThat(l.values()).extracting(MeasurePointValue::value)
                            .containsExactly("poison"));
            assertThat(store.stored("s")).hasSize(3);
        }
    }

    @Test
    void aStageEndedByAnErrorIsReportedDownWithTheError() throws Exception {
        var store = new TroubledStore();
        store.fatal = new OutOfMemoryError("simulated");
        try (var module = start(store)) {
            module.ingest().ingest(List.of(v("p", 1, 1.0))).join();
            await(() -> !module.status().running());
            var verdict = module.status().verdict(1_000, Duration.ofMinutes(1));
            assertThat(verdict.level()).isEqualTo(Level.DOWN);
            assertThat(verdict.reason()).startsWith("the storage stage has stopped").contains("simulated");
        }
    }

    @Test
    void healthIsDownWhenTheStageHasStopped() {
        var status = new PipelineStatus(false, "java.lang.OutOfMemoryError", 3, Duration.ZERO, 0, 0, 0, 0, 0, 0);
        assertThat(status.verdict(1_000, Duration.ofMinutes(1)))
                .isEqualTo(new PipelineStatus.Verdict(Level.DOWN,
                        "the storage stage has stopped: java.lang.OutOfMemoryError"));
    }
}
