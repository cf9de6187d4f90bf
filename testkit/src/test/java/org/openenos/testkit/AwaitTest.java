package org.openenos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsTheFirstValueThatTheConditionAccepts() {
        AtomicInteger calls = new AtomicInteger();

        int value = Await.atMost(Duration.ofSeconds(5)).until("three calls", calls::incrementAndGet, n -> n >= 3);

        assertThat(value).isEqualTo(3);
    }

    @Test
    void failsNamingWhatItWaitedForAndTheLastValueSeenAfterTheTimeout() {
        assertThatThrownBy(() -> Await.atMost(Duration.ofMillis(50)).until("the answer", () -> 41, n -> n == 42))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the answer")
                .hasMessageContaining("41");
    }

    @Test
    void lastOfHandsBackTheLastValueInsteadOfFailing() {
        assertThat(Await.atMost(Duration.ofMillis(50)).lastOf(() -> "stale", "fresh"::equals)).isEqualTo("stale");
    }

    @Test
    void aCheckedExceptionOfTheConditionEndsTheWaitAsAnAssertionError() {
        assertThatThrownBy(() -> Await.atMost(Duration.ofSeconds(5)).until("io", () -> {
            throw new IOException("broken");
        })).isInstanceOf(AssertionError.class).hasCauseInstanceOf(IOException.class);
    }
}
