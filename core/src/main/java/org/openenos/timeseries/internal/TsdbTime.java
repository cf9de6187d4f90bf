package org.openenos.timeseries.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/**
 * Time parameters and {@code localtime} strings of the TSDB API (protocol reference §6). A local time that falls in
 * a daylight-saving gap is moved forward by the gap and an ambiguous one takes the earlier offset, as
 * {@link ZonedDateTime#of(LocalDateTime, ZoneId)} does.
 */
public final class TsdbTime {
    private static final Pattern LOCAL = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?");
    private static final DateTimeFormatter LOCAL_IN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS][.SS][.S]");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter SECONDS_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");
    private static final DateTimeFormatter MILLIS_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSxxx");

    private TsdbTime() {
    }

    /** UTC epoch ms of {@code text}, a local time being read in {@code zone}. */
    public static long parse(String name, String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            throw bad(name + " is required");
        }
        String t = text.trim();
        try {
            if (LOCAL.matcher(t).matches()) {
                return ZonedDateTime.of(LocalDateTime.parse(t, LOCAL_IN), zone).toInstant().toEpochMilli();
            }
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw bad(name + " '" + text + "' is neither ISO 8601 with an offset (2019-06-01T00:00:00+08:00) "
                    + "nor local time (2019-06-01 00:00:00)");
        }
    }

    public static boolean isLocal(String text) {
        return text != null && LOCAL.matcher(text.trim()).matches();
    }

    /** The {@code localtime} string: with milliseconds if {@code accuracy}, with the offset if {@code format} is 1. */
    public static String format(long time, ZoneId zone, boolean accuracy, int format) {
        ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochMilli(time));
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(time, 1000), 0, offset);
        if (t.getYear() < 1000 || t.getYear() > 9999 || offset.getTotalSeconds() % 60 != 0) {
            var formatter = format == 1 ? (accuracy ? MILLIS_ZONE : SECONDS_ZONE) : (accuracy ? MILLIS : SECONDS);
            return formatter.format(Instant.ofEpochMilli(time).atZone(zone));
        }
        // Written digit by digit: a query of thousands of values formats thousands of local times, and the
        // DateTimeFormatter path costs several times more per value.
        var sb = new StringBuilder(29).append(t.getYear()).append('-');
        two(sb, t.getMonthValue()).append('-');
        two(sb, t.getDayOfMonth()).append(' ');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        if (accuracy) {
            int millis = (int) Math.floorMod(time, 1000L);
            sb.append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                    .append((char) ('0' + millis % 10));
        }
        if (format == 1) {
            int minutes = offset.getTotalSeconds() / 60;
            sb.append(minutes < 0 ? '-' : '+');
            two(sb, Math.abs(minutes) / 60).append(':');
            two(sb, Math.abs(minutes) % 60);
        }
        return sb.toString();
    }

    private static StringBuilder two(StringBuilder sb, int value) {
        return sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    static OpenEnosException bad(String message) {
        return new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, message);
    }
}
