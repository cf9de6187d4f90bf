package org.openenos.alerting.notify;

import java.time.Instant;

/** A notification or control action that failed after every attempt; {@code payload} is what would have been sent. */
public record DeadLetter(long id, String orgId, String ruleId, String eventId, String channel, String target,
                         int attempts, String lastError, String payload, Instant createTime) {
}
