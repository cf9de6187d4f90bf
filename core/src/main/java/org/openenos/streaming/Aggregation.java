package org.openenos.streaming;

import java.util.Arrays;
import java.util.Locale;

/** Aggregations of the time-window template; {@code cnt} is EnOS's spelling of {@code count}. */
public enum Aggregation {
    MAX, MIN, AVG, SUM, COUNT, FIRST, LAST;

    public static Aggregation parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cnt")) {
            return COUNT;
        }
        return Arrays.stream(values()).filter(a -> a.name().toLowerCase(Locale.ROOT).equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "must be one of max, min, avg, sum, count, first, last"));
    }
}
