package org.openenos.connectivity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.model.DataType;

/**
 * Checks a decoded JSON value against a thing-model data type and its {@code dataDefinition} (reference §5) and
 * converts it to the Java value that {@code MeasurePointValue} documents. Only lossless conversions are made:
 * integers become doubles for FLOAT/DOUBLE, but numeric strings are refused because EnOS rejects them too.
 */
public final class ValueCoercer {
    static final int MAX_ARRAY_LENGTH = 128;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ValueCoercer() {
    }

    /** The coerced value, or empty with nothing else said: callers turn that into their topic's error code. */
    public static Optional<Object> coerce(DataType type, Map<String, Object> definition, Object value) {
        return Optional.ofNullable(coerceOrNull(type, definition, value));
    }

    /** {@link #coerce} without the Optional, for the per-point path of a device post. */
    static Object coerceOrNull(DataType type, Map<String, Object> definition, Object value) {
        if (value == null || type == null) {
            return null;
        }
        return switch (type) {
            case INT -> integer(value);
            case FLOAT, DOUBLE -> value instanceof Number n ? n.doubleValue() : null;
            case BOOL -> bool(value);
            case ENUM -> enumeration(definition, value);
            case STRING -> string(definition, value);
            case DATE -> value instanceof String s && isDate(s) ? s : null;
            case TIMESTAMP -> integer(value);
            case FILE -> value instanceof String s ? s : null;
            case STRUCT -> struct(definition, value);
            case ARRAY -> array(definition, value);
        };
    }

    private static Long integer(Object value) {
        return switch (value) {
            case Integer i -> i.longValue();
            case Long l -> l;
            case Short s -> s.longValue();
            case BigInteger b when b.bitLength() < 64 -> b.longValue();
            case Double d when d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 9.0e18 -> d.longValue();
            case BigDecimal b when b.stripTrailingZeros().scale() <= 0 -> b.longValue();
            default -> null;
        };
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        // devices commonly send 0/1 for BOOL points; accept only those two integers
        Long number = integer(value);
        return number == null || (number != 0 && number != 1) ? null : number == 1;
    }

    private static String enumeration(Map<String, Object> definition, Object value) {
        String text = value instanceof String s ? s : value instanceof Number ? String.valueOf(integer(value)) : null;
        if (text == null || "null".equals(text)) {
            return null;
        }
        Object enumType = definition.get("enumType");
        if ("INT".equals(enumType) && !(value instanceof Number)) {
            return null;
        }
        if ("STRING".equals(enumType) && !(value instanceof String)) {
            return null;
        }
        Object desc = definition.get("enumDesc");
        if (desc instanceof Map<?, ?> values && !values.isEmpty() && !values.containsKey(text)) {
            return null;
        }
        return text;
    }

    private static String string(Map<String, Object> definition, Object value) {
        if (!(value instanceof String s)) {
            return null;
        }
        Object max = definition.get("maxLength");
        int limit = max instanceof Number n ? n.intValue() : 1024;
        return s.length() <= limit ? s : null;
    }

    private static boolean isDate(String text) {
        try {
            LocalDateTime.parse(text, DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Map<String, Object> struct(Map<String, Object> definition, Object value) {
        if (!(value instanceof Map<?, ?> fields) || !(definition.get("items") instanceof List<?> items)) {
            return null;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> spec) || !(spec.get("identifier") instanceof String id)) {
                continue;
            }
            Object field = fields.get(id);
            if (field == null) {
                if (Boolean.TRUE.equals(spec.get("required"))) {
                    return null;
                }
                continue;
            }
            DataType fieldType = dataType(spec.get("dataType"));
            Optional<Object> coerced = fieldType == DataType.STRUCT ? Optional.empty()
                    : coerce(fieldType, definitionOf(spec.get("dataDefinition")), field);
            if (coerced.isEmpty()) {
                return null;
            }
            result.put(id, coerced.get());
        }
        // a field the model does not declare is an error, not something to drop silently
        return result.size() == fields.size() ? result : null;
    }

    private static List<Object> array(Map<String, Object> definition, Object value) {
        if (!(value instanceof List<?> elements) || elements.size() > MAX_ARRAY_LENGTH) {
            return null;
        }
        DataType itemType = dataType(definition.get("itemType"));
        if (itemType == null || !(itemType.isNumeric() || itemType == DataType.STRING)) {
            return null;
        }
        List<Object> result = new ArrayList<>(elements.size());
        for (Object element : elements) {
            Optional<Object> coerced = coerce(itemType, Map.of(), element);
            if (coerced.isEmpty()) {
                return null;
            }
            result.add(coerced.get());
        }
        return result;
    }

    private static DataType dataType(Object name) {
        if (name instanceof DataType type) {
            return type;
        }
        try {
            return name == null ? null : DataType.valueOf(name.toString().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> definitionOf(Object definition) {
        return definition instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
