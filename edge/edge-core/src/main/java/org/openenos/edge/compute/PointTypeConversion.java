package org.openenos.edge.compute;

import java.util.Locale;
import java.util.Optional;
import org.openenos.edge.field.Sample;

/**
 * Puts a value in the form the cloud's point type accepts, once the edge learnt the types of its sub-device's
 * model ({@code thing.tsltemplate.get}): a coil, discrete input or OPC UA Boolean mapped to an INT, ENUM, FLOAT or
 * DOUBLE point becomes 1/0, a numeric text becomes its number. A value that fits no such form is returned empty,
 * and the caller reports it instead of sending what the cloud would drop.
 */
public final class PointTypeConversion {
    private PointTypeConversion() {
    }

    /** The converted value, the value itself for a type this does not know, or empty when it cannot fit. */
    public static Optional<Object> convert(Object value, String cloudType) {
        if (value == null || cloudType == null) {
            return Optional.ofNullable(value);
        }
        return switch (cloudType.toUpperCase(Locale.ROOT)) {
            case "INT", "ENUM", "TIMESTAMP" -> integer(value);
            case "FLOAT", "DOUBLE" -> number(value).map(n -> (Object) n.doubleValue());
            case "BOOL" -> value instanceof Boolean ? Optional.of(value)
                    : integer(value).filter(n -> (long) n == 0 || (long) n == 1);
            default -> Optional.of(value);
        };
    }

    private static Optional<Object> integer(Object value) {
        return number(value).filter(n -> n.doubleValue() == Math.rint(n.doubleValue()))
                .map(n -> (Object) (n instanceof Long l ? l : (long) n.doubleValue()));
    }

    private static Optional<Number> number(Object value) {
        return switch (value) {
            case Boolean b -> Optional.of(b ? 1L : 0L);
            case Long l -> Optional.of(l);
            case Integer i -> Optional.of((long) i);
            case Number n -> Double.isFinite(n.doubleValue()) ? Optional.of(n.doubleValue()) : Optional.empty();
            case String s -> parse(s.trim());
            default -> Optional.empty();
        };
    }

    private static Optional<Number> parse(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException notLong) {
            try {
                double d = Double.parseDouble(text);
                return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
            } catch (NumberFormatException notNumber) {
                return Optional.empty();
            }
        }
    }

    /** Describes a value for a log line: the value and its Java type. */
    public static String describe(Sample sample) {
        Object v = sample.value();
        return v == null ? "no value" : "'" + v + "' (" + v.getClass().getSimpleName() + ")";
    }
}
