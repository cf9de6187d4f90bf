package org.openenos.timeseries.policy;

import java.time.Period;
import java.util.regex.Pattern;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/**
 * EnOS retention codes: a count and a unit, {@code "1M"}, {@code "6M"}, {@code "1Y"} (EnOS offers 1 month to 20
 * years); {@code "30D"} for days is ours. Blank or null means "keep forever".
 */
public final class RetentionCode {
    private static final Pattern CODE = Pattern.compile("([1-9][0-9]{0,3})([DMY])");

    private RetentionCode() {
    }

    /** The period of a code, or null for "forever"; a malformed code is an 80400. */
    public static Period parse(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        var m = CODE.matcher(code.trim().toUpperCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT,
                    "retention must look like 30D, 1M, 6M or 1Y, not " + code);
        }
        int n = Integer.parseInt(m.group(1));
        return switch (m.group(2)) {
            case "D" -> Period.ofDays(n);
            case "M" -> Period.ofMonths(n);
            default -> Period.ofYears(n);
        };
    }
}
