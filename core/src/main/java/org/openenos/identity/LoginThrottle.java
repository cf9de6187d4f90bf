package org.openenos.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after too many failed logins for one user name, or from one address, within the window,
 * further attempts are refused until the window has passed. A success clears the user name's count.
 */
public final class LoginThrottle {
    private record Failures(int count, Instant firstAt) {
    }

    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final int maxFailuresPerAddress;
    private final Duration window;
    private final Clock clock;

    /**
     * @param maxFailures           failures per user name before that name is throttled
     * @param maxFailuresPerAddress failures from one address (higher: many users may share a NAT address)
     */
    public LoginThrottle(int maxFailures, int maxFailuresPerAddress, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.maxFailuresPerAddress = maxFailuresPerAddress;
        this.window = window;
        this.clock = clock;
    }

    public boolean isBlocked(String username, String address) {
        return blocked("u:" + username, maxFailures) || blocked("a:" + address, maxFailuresPerAddress);
    }

    public void failed(String username, String address) {
        bump("u:" + username);
        bump("a:" + address);
    }

    public void succeeded(String username) {
        failures.remove("u:" + username);
    }

    private boolean blocked(String key, int limit) {
        Failures f = failures.get(key);
        if (f == null) {
            return false;
        }
        if (f.firstAt().plus(window).isBefore(clock.instant())) {
            failures.remove(key, f);
            return false;
        }
        return f.count() >= limit;
    }

    private void bump(String key) {
        Instant now = clock.instant();
        failures.compute(key, (k, f) -> f == null || f.firstAt().plus(window).isBefore(now)
                ? new Failures(1, now) : new Failures(f.count() + 1, f.firstAt()));
    }
}
