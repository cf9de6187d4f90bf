package org.openenos.reporting.render;

import java.math.BigDecimal;

/** A stored value as text: numbers without exponent or a trailing {@code .0} noise beyond Java's own form. */
final class ValueText {
    private ValueText() {
    }

    static String of(Object value) {
        return switch (value) {
            case null -> "";
            case Double d when d.isNaN() || d.isInfinite() -> d.toString();
            case Double d when Math.abs(d) >= 1e7 || (d != 0 && Math.abs(d) < 1e-3) ->
                    BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            case Float f -> of(f.doubleValue());
            default -> value.toString();
        };
    }

    /** The value as a number for spreadsheets and charts, or null when it is none. */
    static Double number(Object value) {
        return switch (value) {
            case Number n -> n.doubleValue();
            case Boolean b -> b ? 1.0 : 0.0;
            case null, default -> null;
        };
    }
}
