package org.openenos.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a JSON document into plain Java data (LinkedHashMap, ArrayList, String, Integer/Long/BigInteger, Double,
 * Boolean, null) straight from the token stream: the same values the object mapper makes of it as
 * {@code Object.class}, without the mapper's per-call context, deserializer look-up and untyped-value machinery,
 * which were most of the JSON cost of a device post on the gateway's event loop. Thread-safe.
 */
final class JsonObjectReader {
    private final JsonFactory factory = new JsonFactory();

    /**
     * The document's value; throws {@link tools.jackson.core.JacksonException} or {@link MessageFormatException} on
     * malformed or trailing text.
     */
    Object read(byte[] json) {
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), json)) {
            JsonToken first = parser.nextToken();
            Object value = value(parser, first);
            if (parser.nextToken() != null) {
                throw notJson();
            }
            return value;
        }
    }

    // Recursion is bounded: the parser refuses nesting deeper than its read constraints allow.
    private static Object value(JsonParser parser, JsonToken token) {
        if (token == null) {
            throw notJson();
        }
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw notJson();
        };
    }

    private static Map<String, Object> object(JsonParser parser) {
        Map<String, Object> object = new LinkedHashMap<>();
        JsonToken token = parser.nextToken();
        for (; token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            object.put(name, value(parser, parser.nextToken()));
        }
        if (token != JsonToken.END_OBJECT) {
            throw notJson();
        }
        return object;
    }

    private static MessageFormatException notJson() {
        return new MessageFormatException(ResponseCodes.PAYLOAD_FORMAT_ERROR, "payload is not valid JSON");
    }

    private static List<Object> array(JsonParser parser) {
        List<Object> array = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser, token));
        }
        return array;
    }
}
