package org.openenos.rest.ota;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.query.FilterExpression;
import org.openenos.error.OpenEnosException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Loose readers for the OTA request bodies: EnOS samples send numbers as strings ("600") and names as StringI18n. */
final class OtaBody {
    /** Reads decimals as written: a version sent as the number {@code 2.10} stays "2.10", never "2.1". */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    /** Fields whose values are versions: always text, whatever the JSON or expression looks like. */
    private static final java.util.Set<String> VERSION_FIELDS = java.util.Set.of("version", "firmwareVersion",
            "minVersion", "upgradeScope.versionNumbers");

    private OtaBody() {
    }

    /** A JSON object in text form (a multipart part, say), its decimals kept as written. */
    static Map<String, Object> jsonObject(String text, String field) {
        try {
            return object(JSON.readValue(text, Map.class), field);
        } catch (JacksonException e) {
            throw OpenEnosException.badArgument(field + " is not a JSON object");
        }
    }

    /**
     * A version: text as sent. A number is taken as written when its digits are known (an integer, or a decimal
     * read as such); a binary floating-point number has lost them ({@code 2.10} became {@code 2.1}), so it is
     * refused with the way to send it.
     */
    static String version(Object value, String field) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case java.math.BigDecimal d -> d.toPlainString();
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case java.math.BigInteger i -> i.toString();
            case Number n -> throw OpenEnosException.badArgument(field + " is a version: send it as a string (\""
                    + n + "\" may have lost trailing zeros)");
            default -> throw OpenEnosException.badArgument(field + " must be a string");
        };
    }

    /** A list of versions, each as {@link #version}. */
    static List<String> versions(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw OpenEnosException.badArgument(field + " must be a list");
        }
        List<String> result = new ArrayList<>();
        list.forEach(v -> result.add(version(v, field)));
        return result;
    }

    static int integer(Object value, String field, int defaultValue) {
        if (value == null || value instanceof String s && s.isBlank()) {
            return defaultValue;
        }
        try {
            long n = value instanceof Number num ? num.longValue() : Long.parseLong(value.toString().strip());
            return (int) Math.clamp(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw OpenEnosException.badArgument(field + " must be a number");
        }
    }

    static long longValue(Object value, String field) {
        if (value == null || value instanceof String s && s.isBlank()) {
            return 0;
        }
        try {
            return value instanceof Number num ? num.longValue() : Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw OpenEnosException.badArgument(field + " must be a number");
        }
    }

    static boolean bool(Object value) {
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
    }

    /** A plain string, or the {@code defaultValue} of a StringI18n. */
    static String text(Object value) {
        if (value instanceof Map<?, ?> m) {
            Object d = m.get("defaultValue");
            return d == null ? null : d.toString();
        }
        return value == null ? null : value.toString();
    }

    static Map<String, Object> object(Object value, String field) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw OpenEnosException.badArgument(field + " must be an object");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        m.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    static List<String> strings(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw OpenEnosException.badArgument(field + " must be a list");
        }
        List<String> result = new ArrayList<>();
        list.forEach(v -> result.add(String.valueOf(v)));
        return result;
    }

    static Map<String, String> stringMap(Object value, String field) {
        Map<String, String> result = new LinkedHashMap<>();
        object(value, field).forEach((k, v) -> result.put(k, v == null ? null : v.toString()));
        return result;
    }

    /**
     * The conditions of an EnOS search {@code expression}, parsed by the platform's filter grammar: conditions
     * {@code field = value} on the given fields, joined with {@code and}. Anything else (or, not, in, like, another
     * operator or field) is refused with what is supported, never silently dropped.
     */
    static Map<String, String> equalities(String expression, java.util.Set<String> fields) {
        Map<String, String> result = new LinkedHashMap<>();
        if (expression == null || expression.isBlank()) {
            return result;
        }
        collect(FilterExpression.parse(expression), fields, result);
        return result;
    }

    private static void collect(FilterExpression e, java.util.Set<String> fields, Map<String, String> into) {
        switch (e) {
            case FilterExpression.And and -> and.terms().forEach(t -> collect(t, fields, into));
            case FilterExpression.Compare c when c.operator() == FilterExpression.Operator.EQ
                    && fields.contains(c.field()) -> {
                if (VERSION_FIELDS.contains(c.field()) && !(c.value() instanceof String)) {
                    // the expression parser reads numbers as doubles: 2.10 would be matched as 2.1, 2.0 as 2
                    throw OpenEnosException.badArgument("expression: " + c.field() + " is a version: quote it, as in "
                            + c.field() + " = '" + c.value() + "'");
                }
                String value = c.value() instanceof Double d && d == Math.rint(d)
                        ? Long.toString(d.longValue()) : String.valueOf(c.value());
                String before = into.put(c.field(), value);
                if (before != null && !before.equals(value)) {
                    throw OpenEnosException.badArgument("expression: " + c.field() + " cannot equal both "
                            + before + " and " + value);
                }
            }
            default -> throw OpenEnosException.badArgument("expression: only conditions field = 'value' joined with "
                    + "and are supported here, on " + String.join(", ", new java.util.TreeSet<>(fields)));
        }
    }
}
