package org.openenos.alerting.notify;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.alerting.Alert;

/**
 * Keeps closed-loop control from feeding itself: at most {@code maxPerMinute} control actions per (rule, asset) per
 * minute, and no control action for an alert whose triggering value is one a control action itself wrote to that
 * point of that asset within the last {@code memoryMillis}.
 */
final class LoopGuard {
    private record Written(Object value, long time) {
    }

    private final RateLimiter perAsset = new RateLimiter();
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private final int maxPerMinute;
    private final long memoryMillis;

    LoopGuard(int maxPerMinute, long memoryMillis) {
        this.maxPerMinute = maxPerMinute;
        this.memoryMillis = memoryMillis;
    }

    /** Whether the alert was caused by a value that a control action produced. */
    boolean causedByAction(Alert alert, long now) {
        if (alert.measurepointId() == null) {
            return false;
        }
        Written w = written.get(key(alert.orgId(), alert.assetId(), alert.measurepointId()));
        return w != null && now - w.time() < memoryMillis && sameValue(w.value(), alert.value());
    }

    boolean tryAcquire(Alert alert, long now) {
        return perAsset.tryAcquire(alert.orgId() + '\u0000' + alert.hitRuleId() + '\u0000' + alert.assetId(),
                maxPerMinute, 60_000, now);
    }

    void wrote(String orgId, String assetId, String pointId, Object value, long now) {
        written.put(key(orgId, assetId, pointId), new Written(value, now));
    }

    private static String key(String orgId, String assetId, String pointId) {
        return orgId + '\u0000' + assetId + '\u0000' + pointId;
    }

    /** 1 and 1.0 are the same value: devices echo numbers in their own type. */
    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a == null ? null : a.toString(), b == null ? null : b.toString());
    }
}
