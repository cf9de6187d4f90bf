package org.openenos.connectivity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/** Reads the plain-data params of a request, failing with the topic's format error code. */
public final class Params {
    private Params() {
    }

    public static Map<String, Object> object(Object value, ErrorCode onError, String what) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((k, v) -> result.put(String.valueOf(k), v));
            return result;
        }
        throw new OpenEnosException(onError, what + " must be an object");
    }

    public static List<Object> list(Object value, ErrorCode onError, String what) {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        throw new OpenEnosException(onError, what + " must be an array");
    }

    public static List<String> strings(Object value, ErrorCode onError, String what) {
        if (value == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (Object item : list(value, onError, what)) {
            if (!(item instanceof String s)) {
                throw new OpenEnosException(onError, what + " must hold strings");
            }
            result.add(s);
        }
        return result;
    }

    public static String string(Map<String, Object> object, String key, ErrorCode onError) {
        Object value = object.get(key);
        if (value == null || value instanceof Map || value instanceof List) {
            throw new OpenEnosException(onError, key + " is required");
        }
        return value.toString();
    }

    public static String optionalString(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value == null ? null : value.toString();
    }

    /** Booleans arrive as JSON booleans or, from some SDKs, as the strings "true"/"false". */
    public static boolean flag(Object value) {
        return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
    }
}
