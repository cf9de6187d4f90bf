package org.openenos.model.validation;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.model.DataType;

/**
 * Checks a value against a data type and its {@code dataDefinition} and converts it to the canonical Java value:
 * Long for INT and TIMESTAMP, Double for FLOAT and DOUBLE, Boolean, String, and plain maps/lists for STRUCT/ARRAY.
 * Coercion is only done where no information is lost (an integral number for a FLOAT; 1.0 for an INT); numbers in
 * strings are refused, because devices that send them usually have a mapping bug worth surfacing.
 */
public final class ValueConverter {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ValueConverter() {
    }

    /** Returns the canonical value, or throws {@link InvalidModelException} naming {@code path} and the rule. */
    public static Object convert(String path, DataType type, Map<String, Object> def, Object value) {
        if (value == null) {
            throw violation(path, "must not be null");
        }
        Map<String, Object> d = def == null ? Map.of() : def;
        return switch (type) {
            case INT -> toLong(path, value);
            case TIMESTAMP -> toLong(path, value);
            case FLOAT, DOUBLE -> toDouble(path, value);
            case BOOL -> toBool(path, value);
            case STRING, FILE -> toStringValue(path, d, value);
            case DATE -> toDate(path, value);
            case ENUM -> toEnum(path, d, value);
            case ARRAY -> toArray(path, d, value);
            case STRUCT -> toStruct(path, d, value);
        };
    }

    private static Long toLong(String path, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number n) {
            double x = n.doubleValue();
            if (x == Math.rint(x) && Math.abs(x) < 9.007199254740992E15) {
                return (long) x;
            }
        }
        throw violation(path, "must be an integer, got " + describe(value));
    }

    private static Double toDouble(String path, Object value) {
        if (value instanceof Number n) {
            double x = n.doubleValue();
            if (Double.isFinite(x)) {
                return x;
            }
        }
        throw violation(path, "must be a finite number, got " + describe(value));
    }

    private static Boolean toBool(String path, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n && (n.intValue() == 0 || n.intValue() == 1) && n.doubleValue() == n.intValue()) {
            return n.intValue() == 1;
        }
        throw violation(path, "must be true or false (or 0/1), got " + describe(value));
    }

    private static String toStringValue(String path, Map<String, Object> def, Object value) {
        if (!(value instanceof String s)) {
            throw violation(path, "must be a string, got " + describe(value));
        }
        int max = def.get("maxLength") instanceof Number n ? n.intValue() : DataDefinitionRules.MAX_STRING_LENGTH;
        if (s.length() > max) {
            throw violation(path, "must be at most " + max + " characters, got " + s.length());
        }
        return s;
    }

    private static String toDate(String path, Object value) {
        if (value instanceof String s) {
            try {
                LocalDateTime.parse(s, DATE);
                return s;
            } catch (DateTimeParseException e) {
                // fall through to the violation
            }
        }
        throw violation(path, "must be a date 'yyyy-MM-dd HH:mm:ss', got " + describe(value));
    }

    private static Object toEnum(String path, Map<String, Object> def, Object value) {
        Map<?, ?> desc = def.get("enumDesc") instanceof Map<?, ?> m ? m : Map.of();
        boolean intEnum = "INT".equals(def.get("enumType"));
        Object canonical = intEnum ? toLong(path, value) : value instanceof String s ? s : null;
        if (canonical == null) {
            throw violation(path, "must be a string enum value, got " + describe(value));
        }
        if (!desc.isEmpty() && !desc.containsKey(String.valueOf(canonical))) {
            throw violation(path, "must be one of " + desc.keySet() + ", got " + canonical);
        }
        return canonical;
    }

    private static List<Object> toArray(String path, Map<String, Object> def, Object value) {
        if (!(value instanceof List<?> list)) {
            throw violation(path, "must be an array, got " + describe(value));
        }
        if (list.size() > DataDefinitionRules.MAX_ARRAY_LENGTH) {
            throw violation(path, "must have at most " + DataDefinitionRules.MAX_ARRAY_LENGTH + " elements");
        }
        DataType item = DataDefinitionRules.parseType(def.get("itemType"));
        DataType itemType = item == null ? DataType.STRING : item;
        return java.util.stream.IntStream.range(0, list.size())
                .mapToObj(i -> convert(path + "[" + i + "]", itemType, Map.of(), list.get(i)))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toStruct(String path, Map<String, Object> def, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw violation(path, "must be an object, got " + describe(value));
        }
        List<?> items = def.get("items") instanceof List<?> l ? l : List.of();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object o : items) {
            Map<String, Object> field = (Map<String, Object>) o;
            String id = String.valueOf(field.get("identifier"));
            Object v = map.get(id);
            if (v == null) {
                if (Boolean.TRUE.equals(field.get("required"))) {
                    throw violation(path + "." + id, "is required");
                }
                continue;
            }
            DataType t = DataDefinitionRules.parseType(field.get("dataType"));
            Map<String, Object> fieldDef = field.get("dataDefinition") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : Map.of();
            out.put(id, convert(path + "." + id, t == null ? DataType.STRING : t, fieldDef, v));
        }
        for (Object key : map.keySet()) {
            if (!out.containsKey(String.valueOf(key)) && items.stream()
                    .noneMatch(i -> String.valueOf(((Map<?, ?>) i).get("identifier")).equals(String.valueOf(key)))) {
                throw violation(path + "." + key, "is not a field of this struct");
            }
        }
        return out;
    }

    private static String describe(Object value) {
        String s = String.valueOf(value);
        return value.getClass().getSimpleName() + " " + (s.length() > 40 ? s.substring(0, 40) + "…" : s);
    }

    private static InvalidModelException violation(String path, String rule) {
        return new InvalidModelException(List.of(new Violation(path, rule)));
    }
}
