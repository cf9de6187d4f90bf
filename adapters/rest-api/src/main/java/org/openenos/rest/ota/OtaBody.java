package org.openenos.rest.ota;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openenos.error.OpenEnosException;

/** Loose readers for the OTA request bodies: EnOS samples send numbers as strings ("600") and names as StringI18n. */
final class OtaBody {
    private static final Pattern EQUALS = Pattern.compile("(\\w+)\\s*=\\s*['\"]([^'\"]*)['\"]");

    private OtaBody() {
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

    /** The {@code field = "value"} conditions of an EnOS search expression (the only form supported). */
    static Map<String, String> equalities(String expression) {
        Map<String, String> result = new LinkedHashMap<>();
        if (expression != null) {
            Matcher m = EQUALS.matcher(expression);
            while (m.find()) {
                result.put(m.group(1), m.group(2));
            }
        }
        return result;
    }
}
