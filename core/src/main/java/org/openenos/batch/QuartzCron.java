package org.openenos.batch;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import org.openenos.error.OpenEnosException;

/**
 * A 7-field Quartz cron ({@code sec min hour day-of-month month day-of-week [year]}) as EnOS workflows use, e.g.
 * {@code 0 0 1 * * ? *}: numbers, {@code *}, {@code ?}, lists, ranges and {@code /} steps; day of week 1–7 is
 * Sunday–Saturday (or SUN–SAT). The year field accepts {@code *} or a list/range of years.
 */
public final class QuartzCron {
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    private final String expression;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final BitSet years;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private QuartzCron(String expression) {
        this.expression = expression;
        String[] f = expression.trim().toUpperCase().split("\\s+");
        if (f.length < 6 || f.length > 7) {
            throw OpenEnosException.badArgument("cron \"" + expression + "\" must have 6 or 7 fields (Quartz: "
                    + "sec min hour day-of-month month day-of-week [year])");
        }
        seconds = field(f[0], 0, 59);
        minutes = field(f[1], 0, 59);
        hours = field(f[2], 0, 23);
        anyDayOfMonth = f[3].equals("?") || f[3].equals("*");
        daysOfMonth = field(f[3], 1, 31);
        months = field(f[4], 1, 12);
        String dow = f[5];
        for (int i = 0; i < DAYS.length; i++) {
            dow = dow.replace(DAYS[i], Integer.toString(i + 1));
        }
        anyDayOfWeek = dow.equals("?") || dow.equals("*");
        daysOfWeek = field(dow, 1, 7);
        years = f.length == 7 ? field(f[6], 1970, 2199) : field("*", 1970, 2199);
    }

    public static QuartzCron parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw OpenEnosException.badArgument("cron is empty");
        }
        return new QuartzCron(expression);
    }

    private BitSet field(String text, int min, int max) {
        BitSet bits = new BitSet();
        for (String part : text.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], min, max);
                to = number(ends[1], min, max);
            } else {
                from = number(range, min, max);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private int number(String text, int min, int max) {
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw OpenEnosException.badArgument("cron \"" + expression + "\": \"" + text + "\" is not a value in "
                    + min + "–" + max + " (L, W and # are not supported)");
        }
    }

    /** The first firing time strictly after {@code after}, or null when there is none within the year field. */
    public ZonedDateTime next(ZonedDateTime after, ZoneId zone) {
        ZonedDateTime t = after.withZoneSameInstant(zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        ZonedDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!years.get(t.getYear())) {
                t = t.plusYears(1).withDayOfYear(1).truncatedTo(ChronoUnit.DAYS);
            } else if (!months.get(t.getMonthValue())) {
                t = t.plusMonths(1).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
            } else if (!dayMatches(t)) {
                t = t.plusDays(1).truncatedTo(ChronoUnit.DAYS);
            } else if (!hours.get(t.getHour())) {
                t = t.plusHours(1).truncatedTo(ChronoUnit.HOURS);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1).truncatedTo(ChronoUnit.MINUTES);
            } else if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
            } else {
                return t;
            }
        }
        return null;
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7 + 1);
        if (anyDayOfMonth) {
            return dow;
        }
        if (anyDayOfWeek) {
            return dom;
        }
        return dom && dow;
    }

    @Override
    public String toString() {
        return expression;
    }
}
