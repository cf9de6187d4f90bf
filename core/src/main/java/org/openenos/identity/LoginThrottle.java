package org.openenos.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Slows password guessing without handing attackers a lock-out tool.
 *
 * <ul>
 *   <li>Per user name <em>and</em> client address: after {@code freeFailures} wrong passwords, each further attempt
 *       must wait a delay that doubles with every failure, from {@code initialDelay} up to {@code maxDelay}. Wrong
 *       passwords for {@code admin} from one address therefore slow only that address; {@code admin} still signs in
 *       from anywhere else.</li>
 *   <li>Per client address, a ceiling: {@code maxFailuresPerAddress} failures within {@code addressWindow}, for any
 *       user names, and that address waits until the window has passed. It is high because many users may share one
 *       NAT address, and it only stops one address spraying guesses over many user names.</li>
 * </ul>
 * A success clears the user name and address pair. State is in memory: a restart forgives everyone.
 */
public final class LoginThrottle {
    private record Failures(int count, Instant firstAt, Instant lastAt) {
    }

    private static final int SWEEP_ABOVE = 10_000;

    private final ConcurrentHashMap<String, Failures> pairs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Failures> addresses = new ConcurrentHashMap<>();
    private final int freeFailures;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int maxFailuresPerAddress;
    private final Duration addressWindow;
    private final Clock clock;
    private final LongAdder failures = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /**
     * @param freeFailures          wrong passwords per user name and address before delays begin
     * @param initialDelay          the first delay; doubled for each further failure
     * @param maxDelay              the longest delay
     * @param maxFailuresPerAddress failures from one address, over all user names, before that address waits
     * @param addressWindow         how long an address's failures count, and how long it then waits
     */
    public LoginThrottle(int freeFailures, Duration initialDelay, Duration maxDelay, int maxFailuresPerAddress,
                         Duration addressWindow, Clock clock) {
        this.freeFailures = Math.max(1, freeFailures);
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxFailuresPerAddress = maxFailuresPerAddress;
        this.addressWindow = addressWindow;
        this.clock = clock;
    }

    /**
     * How long this user name must wait before trying from this address; empty when it may try now. An answer with
     * a wait counts as one refused attempt.
     */
    public Optional<Duration> retryAfter(String username, String address) {
        Instant now = clock.instant();
        Failures pair = pairs.get(key(username, address));
        Duration wait = Duration.ZERO;
        if (pair != null && pair.count() >= freeFailures) {
            wait = max(wait, Duration.between(now, pair.lastAt().plus(delayAfter(pair.count()))));
        }
        Failures fromAddress = addresses.get(address);
        if (fromAddress != null && fromAddress.count() >= maxFailuresPerAddress) {
            wait = max(wait, Duration.between(now, fromAddress.firstAt().plus(addressWindow)));
        }
        if (!wait.isPositive()) {
            return Optional.empty();
        }
        refused.increment();
        return Optional.of(wait);
    }

    public void failed(String username, String address) {
        failures.increment();
        Instant now = clock.instant();
        // a pair that stayed quiet for the longest delay starts afresh: yesterday's typos do not count today
        pairs.merge(key(username, address), new Failures(1, now, now), (old, one) -> old.lastAt().plus(maxDelay)
                .isBefore(now) ? one : new Failures(old.count() + 1, old.firstAt(), now));
        addresses.compute(address, (a, f) -> f == null || !f.firstAt().plus(addressWindow).isAfter(now)
                ? new Failures(1, now, now) : new Failures(f.count() + 1, f.firstAt(), now));
        if (pairs.size() > SWEEP_ABOVE || addresses.size() > SWEEP_ABOVE) {
            sweep(now);
        }
    }

    public void succeeded(String username, String address) {
        pairs.remove(key(username, address));
    }

    /** Wrong passwords counted since start. */
    public long failures() {
        return failures.sum();
    }

    /** Attempts refused because their user name and address, or their address, had to wait. */
    public long refused() {
        return refused.sum();
    }

    /** User name and address pairs and addresses currently remembered. */
    public int tracked() {
        return pairs.size() + addresses.size();
    }

    /** The delay after {@code failures} failures: initial × 2^(failures − free), at most the maximum. */
    Duration delayAfter(int failures) {
        int doublings = Math.min(failures - freeFailures, 30);
        Duration delay = initialDelay.multipliedBy(1L << Math.max(0, doublings));
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** Forgets pairs whose longest delay has passed and addresses whose window is over. */
    private void sweep(Instant now) {
        pairs.values().removeIf(f -> f.lastAt().plus(maxDelay).isBefore(now));
        addresses.values().removeIf(f -> f.firstAt().plus(addressWindow).isBefore(now));
    }

    private static String key(String username, String address) {
        return username + '\u0000' + address;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
