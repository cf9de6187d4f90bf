package org.openenos.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits for something that happens on another thread (a value stored, a message delivered, a connection closed) by
 * asking again until it holds or a deadline passes. One place instead of a deadline loop in every test:
 *
 * <pre>{@code
 * Await.atMost(Duration.ofSeconds(10)).until("the alert is raised", () -> alerts.active().size() == 1);
 * JsonNode rows = Await.atMost(Duration.ofSeconds(20)).until("3 rows", () -> raw(asset), r -> r.size() >= 3);
 * }</pre>
 *
 * Conditions may throw: a runtime exception or error ends the wait as it is, a checked one as an
 * {@link AssertionError} with it as the cause.
 */
public final class Await {
    private static final Duration DEFAULT_POLL = Duration.ofMillis(20);

    /** A condition to wait for; it may throw, like the test code it comes from. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private final Duration timeout;
    private final Duration pollInterval;

    private Await(Duration timeout, Duration pollInterval) {
        if (timeout.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("timeout must be >= 0 and poll interval > 0");
        }
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    public static Await atMost(Duration timeout) {
        return new Await(timeout, DEFAULT_POLL);
    }

    /** How long to sleep between two questions (default 20 ms); longer for conditions that cost a request. */
    public Await pollingEvery(Duration interval) {
        return new Await(timeout, interval);
    }

    /** Returns once {@code condition} holds; an {@link AssertionError} naming {@code what} after the timeout. */
    public void until(String what, Condition condition) {
        until(what, condition::holds, Boolean::booleanValue);
    }

    /** The first value of {@code supplier} that {@code done} accepts; an {@link AssertionError} after the timeout. */
    public <T> T until(String what, Callable<T> supplier, Predicate<? super T> done) {
        T last = poll(what, supplier, done);
        if (!done.test(last)) {
            throw new AssertionError(what + ": not within " + timeout.toMillis() + " ms (last seen: " + last + ")");
        }
        return last;
    }

    /**
     * The first value that {@code done} accepts or, at the timeout, the last one seen: for tests that assert on the
     * value themselves and want their own message when it is wrong.
     */
    public <T> T lastOf(Callable<T> supplier, Predicate<? super T> done) {
        return poll("a value", supplier, done);
    }

    private <T> T poll(String what, Callable<T> supplier, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = call(what, supplier);
        while (!done.test(value) && System.nanoTime() - deadline < 0) {
            sleep();
            value = call(what, supplier);
        }
        return value;
    }

    private static <T> T call(String what, Callable<T> supplier) {
        try {
            return supplier.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } catch (Exception e) {
            throw new AssertionError("failed while waiting for " + what + ": " + e, e);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
