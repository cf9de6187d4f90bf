package org.openenos.timeseries.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
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
        var formatter = format == 1 ? (accuracy ? MILLIS_ZONE : SECONDS_ZONE) : (accuracy ? MILLIS : SECONDS);
        return formatter.format(Instant.ofEpochMilli(time).atZone(zone));
    }

    static OpenEnosException bad(String message) {
        return new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, message);
    }
}
