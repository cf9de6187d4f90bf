package org.openenos.timeseries;

import java.time.Duration;

/**
 * The state of the back-pressure on device acknowledgements, for metrics and health.
 *
 * @param active          whether acknowledgements are held right now
 * @param pauses          how often they started being held since start
 * @param pausedFor       how long they were held in all since start (the current pause included)
 * @param heldAcknowledgements durable posts whose acknowledgement waits right now
 */
public record BackPressureStatus(boolean active, long pauses, Duration pausedFor, int heldAcknowledgements) {
    public static final BackPressureStatus NONE = new BackPressureStatus(false, 0, Duration.ZERO, 0);
}
