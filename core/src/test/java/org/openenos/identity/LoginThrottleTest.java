package org.openenos.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.ManualClock;

class LoginThrottleTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(2), Duration.ofMinutes(5), 100,
            Duration.ofMinutes(15), clock);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    @Test
    void wrongPasswordsForAdminFromOneAddressDoNotLockAdminOutFromAnotherAddress() {
        fail("admin", "203.0.113.9", 50);
        assertThat(throttle.retryAfter("admin", "203.0.113.9")).isPresent();
        assertThat(throttle.retryAfter("admin", "198.51.100.7")).isEmpty();
        assertThat(throttle.retryAfter("alice", "203.0.113.9")).isEmpty();
    }

    @Test
    void delaysBeginAfterTheFreeFailuresDoubleWithEachFailureAndStopGrowingAtTheCap() {
        fail("bob", "a", 4);
        assertThat(throttle.retryAfter("bob", "a")).isEmpty();
        fail("bob", "a", 1);
        assertThat(throttle.retryAfter("bob", "a")).contains(Duration.ofSeconds(2));
        fail("bob", "a", 1);
        assertThat(throttle.retryAfter("bob", "a")).contains(Duration.ofSeconds(4));
        fail("bob", "a", 1);
        assertThat(throttle.retryAfter("bob", "a")).contains(Duration.ofSeconds(8));
        fail("bob", "a", 20);
        assertThat(throttle.retryAfter("bob", "a")).contains(Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.retryAfter("bob", "a")).isEmpty();
    }

    @Test
    void aSuccessForgetsThePairsFailuresAndAQuietPairStartsAfresh() {
        fail("carol", "a", 7);
        clock.advance(Duration.ofMinutes(1));
        throttle.succeeded("carol", "a");
        fail("carol", "a", 4);
        assertThat(throttle.retryAfter("carol", "a")).isEmpty();
        fail("dave", "a", 9);
        clock.advance(Duration.ofMinutes(6));
        throttle.failed("dave", "a");
        assertThat(throttle.retryAfter("dave", "a")).isEmpty();
    }

    @Test
    void oneAddressSprayingGuessesOverManyUserNamesHitsTheAddressCeilingForTheWindow() {
        for (int i = 0; i < 100; i++) {
            throttle.failed("user" + i, "192.0.2.1");
        }
        Optional<Duration> wait = throttle.retryAfter("someone-else", "192.0.2.1");
        assertThat(wait).contains(Duration.ofMinutes(15));
        assertThat(throttle.retryAfter("someone-else", "192.0.2.2")).isEmpty();
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.retryAfter("someone-else", "192.0.2.1")).isEmpty();
    }
}
