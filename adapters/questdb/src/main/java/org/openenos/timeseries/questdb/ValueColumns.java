package org.openenos.timeseries.questdb;

import org.openenos.timeseries.ValueJson;

import io.questdb.cairo.TableWriter;
import java.util.List;
import java.util.Map;

/**
 * How a value lands in the narrow table's columns: a kind byte, a double (for everything that aggregates:
 * numbers, and booleans as 1/0 so DI states can be counted and averaged) and a text (strings, JSON of structs and
 * arrays, and the exact digits of a long a double cannot hold).
 */
final class ValueColumns {
    static final byte DOUBLE = 0, LONG = 1, BOOL = 2, STRING = 3, JSON = 4, NULL = 5;
    private static final long EXACT_IN_DOUBLE = 1L << 53;

    record Columns(byte kind, double num, String text) {
    }

    private ValueColumns() {
    }

    /**
     * Writes the kind, num and txt columns (indexes 4, 5, 6) of a row. Doubles, the bulk of telemetry, take a path
     * without allocation; the others go through {@link #of}.
     */
    static void put(TableWriter.Row row, Object value) {
        if (value instanceof Double d) {
            row.putByte(4, DOUBLE);
            row.putDouble(5, d);
            return;
        }
        Columns c = of(value);
        row.putByte(4, c.kind());
        row.putDouble(5, c.num());
        if (c.text() != null) {
            row.putStr(6, c.text());
        }
    }

    static Columns of(Object value) {
        return switch (value) {
            case null -> new Columns(NULL, Double.NaN, null);
            case Double d -> new Columns(DOUBLE, d, null);
            case Float f -> new Columns(DOUBLE, f, null);
            case Long l -> new Columns(LONG, l, Math.abs(l) > EXACT_IN_DOUBLE ? Long.toString(l) : null);
            case Integer i -> new Columns(LONG, i, null);
            case Boolean b -> new Columns(BOOL, b ? 1 : 0, null);
            case Map<?, ?> m -> new Columns(JSON, Double.NaN, ValueJson.write(m));
            case List<?> l -> new Columns(JSON, Double.NaN, ValueJson.write(l));
            default -> new Columns(STRING, Double.NaN, value.toString());
        };
    }

    static Object value(byte kind, double num, CharSequence text) {
        return switch (kind) {
            case DOUBLE -> num;
            case LONG -> text != null ? Long.parseLong(text.toString()) : (long) num;
            case BOOL -> num != 0;
            case STRING -> text == null ? null : text.toString();
            case JSON -> text == null ? null : ValueJson.parse(text.toString());
            default -> null;
        };
    }
}
