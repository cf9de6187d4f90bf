package org.openenos.edge.field;

/**
 * One reading: a value (Double, Long or Boolean) with its quality and UTC time in epoch milliseconds. A failed read
 * has {@link #BAD} quality and no value: the edge never invents one.
 */
public record Sample(Object value, int quality, long time) {
    /** EnOS quality codes are 0..9; 0 is good and 9, the largest, marks a reading that failed. */
    public static final int GOOD = 0;
    public static final int BAD = 9;

    public Sample {
        if (value == null && quality == GOOD) {
            throw new IllegalArgumentException("a good sample needs a value");
        }
    }

    public static Sample good(Object value, long time) {
        return new Sample(value, GOOD, time);
    }

    public static Sample bad(long time) {
        return new Sample(null, BAD, time);
    }

    public boolean isGood() {
        return quality == GOOD && value != null;
    }

    /** The value as a double: booleans are 0/1. */
    public double asDouble() {
        return switch (value) {
            case Number n -> n.doubleValue();
            case Boolean b -> b ? 1 : 0;
            case null -> Double.NaN;
            default -> Double.parseDouble(value.toString());
        };
    }

    public long asLong() {
        return value instanceof Number n && !(value instanceof Double || value instanceof Float) ? n.longValue()
                : Math.round(asDouble());
    }
}
