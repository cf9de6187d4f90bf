package org.openenos.timeseries;

import java.time.Duration;

/**
 * The state of the telemetry pipeline's storage stage, for health checks and metrics.
 *
 * @param running            whether the stage's thread runs
 * @param problem            why the stage cannot make progress (the store or the log fails, or why it stopped); null
 *                           while it can
 * @param backlogRecords     log records acknowledged to devices but not yet stored
 * @param oldestUnstoredAge  how long ago the oldest of them was made durable in the log
 * @param storedRecords      log records stored since start
 * @param undecodableRecords records that did not decode, set aside since start
 * @param corruptRegions     damaged stretches of the log skipped since start
 * @param lostRecords        records lost in those stretches
 * @param deadLetterValues   values set aside because the store or a listener refused them
 * @param deadLetters        dead letters written since start
 */
public record PipelineStatus(boolean running, String problem, long backlogRecords, Duration oldestUnstoredAge,
                             long storedRecords, long undecodableRecords, long corruptRegions, long lostRecords,
                             long deadLetterValues, long deadLetters) {

    public enum Level { UP, OUT_OF_SERVICE, DOWN }

    /** A health level and, unless UP, the reason. */
    public record Verdict(Level level, String reason) {
    }

    /**
     * DOWN when the stage has stopped or cannot store (nothing acknowledged is stored any more); OUT_OF_SERVICE when
     * it lags more than {@code maxLagRecords} records or its oldest unstored record is older than {@code maxLagAge}
     * (values are acknowledged but reach queries, alerts and live views late); UP otherwise.
     */
    public Verdict verdict(long maxLagRecords, Duration maxLagAge) {
        if (!running) {
            return new Verdict(Level.DOWN, "the storage stage has stopped" + (problem == null ? "" : ": " + problem));
        }
        if (problem != null) {
            return new Verdict(Level.DOWN, "the storage stage cannot store: " + problem);
        }
        if (backlogRecords > maxLagRecords) {
            return new Verdict(Level.OUT_OF_SERVICE, "the storage stage is %d records behind the log (bound %d)"
                    .formatted(backlogRecords, maxLagRecords));
        }
        if (oldestUnstoredAge.compareTo(maxLagAge) > 0) {
            return new Verdict(Level.OUT_OF_SERVICE, "the oldest unstored record is %d s old (bound %d s)"
                    .formatted(oldestUnstoredAge.toSeconds(), maxLagAge.toSeconds()));
        }
        return new Verdict(Level.UP, null);
    }
}
