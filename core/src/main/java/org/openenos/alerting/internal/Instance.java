package org.openenos.alerting.internal;

import org.openenos.alerting.Alert;

/**
 * Evaluation state of one (rule, asset): normal → pending (trigger delay running) → active → recovered (back to
 * normal). {@code latched} is set when an operator closed the alert while the condition still held: the rule re-arms
 * only after the condition has cleared, so a close is not immediately undone.
 */
final class Instance {
    final InstanceKey key;
    long pendingSince = -1;
    Alert active;
    boolean latched;
    long lastSeen = -1;
    long lastSeenPersisted = -1;
    Object lastValue;
    long lastValueTime;
    /** The time of the value that ended the last alert: values up to it were evaluated already (ADR 0122). */
    long endedThrough = Long.MIN_VALUE;

    Instance(InstanceKey key) {
        this.key = key;
    }

    boolean isPending() {
        return pendingSince >= 0;
    }
}
