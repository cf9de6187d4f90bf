package org.openenos.timeseries;

import java.util.Locale;

/** Query-time aggregation of the TSDB API's {@code pointIdsWithLogic}, e.g. {@code avg(p1)}. */
public enum AggregateFunction {
    COUNT, AVG, SUM, MAX, MIN, FIRST, LAST;

    /** Accepts the EnOS spellings, including {@code cnt} for count. */
    public static AggregateFunction parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        return "CNT".equals(n) ? COUNT : valueOf(n);
    }
}
