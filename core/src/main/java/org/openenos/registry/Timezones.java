package org.openenos.registry;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.openenos.error.OpenEnosException;

/** EnOS timezones are offsets such as {@code +08:00} or IANA names such as {@code Europe/Berlin}. */
public final class Timezones {
    private Timezones() {
    }

    public static ZoneId parse(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return timezone.startsWith("+") || timezone.startsWith("-") ? ZoneOffset.of(timezone) : ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw OpenEnosException.badArgument("timezone: '" + timezone + "' is neither an offset like +08:00 nor an"
                    + " IANA zone like Europe/Berlin");
        }
    }
}
