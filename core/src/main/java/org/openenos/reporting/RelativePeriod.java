package org.openenos.reporting;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import org.openenos.error.OpenEnosException;

/**
 * A period relative to the time a run starts, in whole local days of a time zone: a run at 01:00 on 6 December
 * in Berlin exports "yesterday" as 5 December 00:00 to 6 December 00:00 Berlin time (23 or 25 hours on the days the
 * clocks change).
 */
public enum RelativePeriod {
    /** The local day before the run's day. */
    YESTERDAY,
    /** The seven local days before the run's day. */
    LAST_7_DAYS,
    /** The calendar month before the run's month. */
    LAST_MONTH,
    /** From the start of the run's local day to the run time. */
    TODAY;

    /** The window {@code [from, to)} of this period for a run at {@code runTime} in {@code zone}. */
    public Window window(Instant runTime, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(runTime, zone);
        return switch (this) {
            case YESTERDAY -> new Window(start(today.minusDays(1), zone), start(today, zone), zone);
            case LAST_7_DAYS -> new Window(start(today.minusDays(7), zone), start(today, zone), zone);
            case LAST_MONTH -> {
                LocalDate firstOfMonth = today.withDayOfMonth(1);
                yield new Window(start(firstOfMonth.minusMonths(1), zone), start(firstOfMonth, zone), zone);
            }
            case TODAY -> new Window(start(today, zone), runTime, zone);
        };
    }

    public static RelativePeriod parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw OpenEnosException.badArgument("unknown period '" + name + "' (YESTERDAY, LAST_7_DAYS, LAST_MONTH, TODAY)");
        }
    }

    private static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** {@code from} inclusive, {@code to} exclusive. */
    public record Window(Instant from, Instant to, ZoneId zone) {
        public long fromMillis() {
            return from.toEpochMilli();
        }

        public long toMillis() {
            return to.toEpochMilli();
        }
    }
}
