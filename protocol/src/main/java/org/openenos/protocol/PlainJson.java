package org.openenos.protocol;

import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text to and from plain Java data (maps, lists, strings, numbers, booleans, null), for the contexts in core
 * that put JSON on a wire of their own (subscription messages, webhooks) without depending on a JSON library.
 */
public final class PlainJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PlainJson() {
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Parses JSON text into plain Java data; throws on malformed text. */
    public static Object read(String json) {
        return MAPPER.readValue(json, Object.class);
    }
}
