package org.openenos.timeseries.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openenos.timeseries.BackPressure;

/** Acknowledgements of durable values held while the backlog is past the bounds, released under the lower marks. */
class BacklogGateTest {
    private final AtomicLong records = new AtomicLong();
    private final AtomicReference<Duration> age = new AtomicReference<>(Duration.ZERO);

    private BacklogGate gate(BackPressure limits) {
        return new BacklogGate(limits, records::get, age::get);
    }

    private static CompletableFuture<Void> durable() {
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void underTheBoundAnAcknowledgementPassesAsSoonAsTheValuesAreDurable() {
        records.set(100);
        try (var gate = gate(new BackPressure(100, 50, Duration.ZERO, Duration.ZERO))) {
            assertThat(gate.after(durable())).isCompleted();
            var pending = new CompletableFuture<Void>();
            var acknowledged = gate.after(pending);
            assertThat(acknowledged).isNotDone();
            pending.complete(null);
            assertThat(acknowledged).isCompleted();
            assertThat(gate.status().pauses()).isZero();
        }
    }

    @Test
    void pastTheRecordBoundAcknowledgementsWaitUntilTheBacklogIsBackUnderTheResumeMark() throws Exception {
        records.set(101);
        try (var gate = gate(new BackPressure(100, 50, Duration.ZERO, Duration.ZERO))) {
            var held = gate.after(durable());
            assertThat(held).isNotDone();
            assertThat(gate.status().active()).isTrue();
            assertThat(gate.status().heldAcknowledgements()).isEqualTo(1);
            records.set(60); // under the pause bound, above the resume mark: still held
            Thread.sleep(5 * BacklogGate.HELD_CHECK_MILLIS);
            assertThat(held).isNotDone();
            records.set(50);
            held.get(5, TimeUnit.SECONDS);
            assertThat(gate.status()).satisfies(s -> {
                assertThat(s.active()).isFalse();
                assertThat(s.pauses()).isEqualTo(1);
                assertThat(s.heldAcknowledgements()).isZero();
                assertThat(s.pausedFor()).isPositive();
            });
        }
    }

    @Test
    void pastTheAgeBoundAcknowledgementsWaitUntilTheOldestUnstoredRecordIsYoungEnough() throws Exception {
        age.set(Duration.ofSeconds(6));
        try (var gate = gate(new BackPressure(1_000, 500, Duration.ofSeconds(5), Duration.ofSeconds(1)))) {
            var held = gate.after(durable());
            assertThat(held).isNotDone();
            age.set(Duration.ofSeconds(2));
            Thread.sleep(5 * BacklogGate.HELD_CHECK_MILLIS);
            assertThat(held).isNotDone();
            age.set(Duration.ZERO);
            held.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailedWriteFailsTheAcknowledgementAndClosingReleasesWhatIsHeld() {
        records.set(1_000);
        var gate = gate(new BackPressure(100, 50, Duration.ZERO, Duration.ZERO));
        var failed = gate.after(CompletableFuture.failedFuture(new IllegalStateException("disk full")));
        assertThat(failed).isCompletedExceptionally();
        var held = gate.after(durable());
        assertThat(held).isNotDone();
        gate.close();
        assertThat(held).isCompleted();
    }

    @Test
    void boundsThatCannotHoldAreRefused() {
        assertThatThrownBy(() -> new BackPressure(10, 20, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackPressure(10, 5, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
