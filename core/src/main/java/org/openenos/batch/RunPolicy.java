package org.openenos.batch;

import java.util.Locale;
import org.openenos.error.OpenEnosException;

/**
 * What a workflow does about time the server was not running: cron firings that fell while it was down
 * ({@code catchUp}) and runs a stop or crash cut in the middle ({@code onInterrupt}).
 */
public record RunPolicy(CatchUp catchUp, OnInterrupt onInterrupt) {
    /** Run once for the latest missed firing; interrupted tasks are retried per their retry limit. */
    public static final RunPolicy DEFAULT = new RunPolicy(CatchUp.LAST, OnInterrupt.RETRY);

    public RunPolicy {
        catchUp = catchUp == null ? CatchUp.LAST : catchUp;
        onInterrupt = onInterrupt == null ? OnInterrupt.RETRY : onInterrupt;
    }

    /** Cron firings missed while no server was running. */
    public enum CatchUp {
        /** One run, for the latest missed firing (its business date); the older ones are skipped and logged. */
        LAST,
        /**
         * One run per missed firing, oldest first, at most the newest {@link #MAX_CATCH_UP} of them (older ones are
         * skipped and logged).
         */
        ALL,
        /** None: a firing is run only when it is found due within a minute of its time. */
        NONE;

        public static final int MAX_CATCH_UP = 100;
    }

    /** Tasks that were running when their server stopped or crashed. */
    public enum OnInterrupt {
        /** The interruption counts as a failed attempt: re-run if the task's retry limit allows, failed otherwise. */
        RETRY,
        /** Re-run from the start whatever the retry limit: the interruption does not count as an attempt. */
        RESUME,
        /** Fail them, and the run with them; a user re-runs by hand. */
        FAIL
    }

    public static RunPolicy parse(String catchUp, String onInterrupt) {
        return new RunPolicy(catchUp == null || catchUp.isBlank() ? null : value(CatchUp.class, "catchUp", catchUp),
                onInterrupt == null || onInterrupt.isBlank() ? null
                        : value(OnInterrupt.class, "onInterrupt", onInterrupt));
    }

    private static <E extends Enum<E>> E value(Class<E> type, String field, String text) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument(field + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ", not '" + text + "'");
        }
    }
}
