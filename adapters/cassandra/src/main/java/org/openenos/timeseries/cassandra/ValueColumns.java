package org.openenos.timeseries.cassandra;

import org.openenos.timeseries.ValueJson;

import java.util.List;
import java.util.Map;

/**
 * How a value lands in a row's columns, as in the embedded store: a kind, a double (numbers, and booleans as 1/0 so
 * DI states aggregate) and a text (strings, JSON of structs and arrays, and the digits of a long a double cannot
 * hold). Only kinds that have a text read the text column, and those always write it; the others leave it unset
 * (writing null would leave a tombstone per row), so a value replacing one of another type reads back as itself.
 */
final class ValueColumns {
    static final byte DOUBLE = 0, LONG = 1, BOOL = 2, STRING = 3, JSON = 4, NULL = 5, BIG_LONG = 6;
    private static final long EXACT_IN_DOUBLE = 1L << 53;

    record Columns(byte kind, double num, String text) {
    }

    private ValueColumns() {
    }

    static Columns of(Object value) {
        return switch (value) {
            case null -> new Columns(NULL, Double.NaN, null);
            case Double d -> new Columns(DOUBLE, d, null);
            case Float f -> new Columns(DOUBLE, f, null);
            case Long l -> Math.abs(l) > EXACT_IN_DOUBLE ? new Columns(BIG_LONG, l, Long.toString(l))
                    : new Columns(LONG, l, null);
            case Integer i -> new Columns(LONG, i, null);
            case Boolean b -> new Columns(BOOL, b ? 1 : 0, null);
            case Map<?, ?> m -> new Columns(JSON, Double.NaN, ValueJson.write(m));
            case List<?> l -> new Columns(JSON, Double.NaN, ValueJson.write(l));
            default -> new Columns(STRING, Double.NaN, value.toString());
        };
    }

    /** Whether the value counts in aggregates: numbers and booleans, as the embedded store's {@code num != NaN}. */
    static boolean aggregates(byte kind, double num) {
        return (kind <= BOOL || kind == BIG_LONG) && !Double.isNaN(num);
    }

    static Object value(byte kind, double num, String text) {
        return switch (kind) {
            case DOUBLE -> num;
            case LONG -> (long) num;
            case BIG_LONG -> Long.parseLong(text);
            case BOOL -> num != 0;
            case STRING -> text;
            case JSON -> text == null ? null : ValueJson.parse(text);
            default -> null;
        };
    }
}
