package org.openenos.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code maxFailures} failed logins for one user name or from one address within the
 * window, further attempts are refused until the window has passed. A success clears the user's count.
 */
public final class LoginThrottle {
    private record Failures(int count, Instant firstAt) {
    }

    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    public boolean isBlocked(String username, String address) {
        return blocked("u:" + username) || blocked("a:" + address);
    }

    public void failed(String username, String address) {
        bump("u:" + username);
        bump("a:" + address);
    }

    public void succeeded(String username) {
        failures.remove("u:" + username);
    }

    private boolean blocked(String key) {
        Failures f = failures.get(key);
        if (f == null) {
            return false;
        }
        if (f.firstAt().plus(window).isBefore(clock.instant())) {
            failures.remove(key, f);
            return false;
        }
        return f.count() >= maxFailures;
    }

    private void bump(String key) {
        Instant now = clock.instant();
        failures.compute(key, (k, f) -> f == null || f.firstAt().plus(window).isBefore(now)
                ? new Failures(1, now) : new Failures(f.count() + 1, f.firstAt()));
    }
}
