package org.openenos.timeseries;

import java.time.Duration;

/**
 * When device acknowledgements wait for the storage stage (ADR 0133). Values are acknowledged once durable in the
 * log; while the stage lags more than {@code pauseAtRecords} records, or its oldest unstored record is older than
 * {@code pauseAtAge}, the acknowledgements of further durable posts are held until the lag is back under
 * {@code resumeAtRecords} and {@code resumeAtAge}. A device (or a gateway's per-connection window of unanswered
 * requests) then stops sending: the backlog stays bounded, nothing is refused or lost.
 *
 * @param pauseAtRecords  unstored log records beyond which acknowledgements are held
 * @param resumeAtRecords unstored log records at or under which they flow again (at most {@code pauseAtRecords})
 * @param pauseAtAge      age of the oldest unstored record beyond which acknowledgements are held; zero: no age bound
 * @param resumeAtAge     age at or under which they flow again (at most {@code pauseAtAge})
 */
public record BackPressure(long pauseAtRecords, long resumeAtRecords, Duration pauseAtAge, Duration resumeAtAge) {
    /** Never holds an acknowledgement: the backlog may grow without bound. */
    public static final BackPressure OFF = new BackPressure(Long.MAX_VALUE, Long.MAX_VALUE, Duration.ZERO,
            Duration.ZERO);

    public BackPressure {
        if (pauseAtRecords < 1 || resumeAtRecords < 0 || resumeAtRecords > pauseAtRecords) {
            throw new IllegalArgumentException("back-pressure needs 0 <= resumeAtRecords <= pauseAtRecords, 1 <= "
                    + "pauseAtRecords (got " + resumeAtRecords + ", " + pauseAtRecords + ")");
        }
        if (pauseAtAge.isNegative() || resumeAtAge.isNegative()
                || !pauseAtAge.isZero() && resumeAtAge.compareTo(pauseAtAge) > 0) {
            throw new IllegalArgumentException("back-pressure needs 0 <= resumeAtAge <= pauseAtAge (got "
                    + resumeAtAge + ", " + pauseAtAge + ")");
        }
    }

    /** Whether an age bound applies. */
    public boolean boundsAge() {
        return !pauseAtAge.isZero();
    }
}
