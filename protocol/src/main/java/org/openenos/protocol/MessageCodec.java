package org.openenos.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** JSON encoding of requests and replies. Thread-safe; share one instance. */
public final class MessageCodec {
    private static final Set<String> ENVELOPE_MEMBERS = Set.of("id", "version", "method", "params");
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final JsonObjectReader reader = new JsonObjectReader();

    public DeviceRequest decodeRequest(byte[] payload) {
        Map<?, ?> body = decodeObject(payload);
        Object method = body.get("method");
        return new DeviceRequest(stringOrNull(body.get("id")), stringOrNull(body.get("version")),
                method == null ? null : method.toString(), body.get("params"), options(body));
    }

    /** The members beside id, version, method and params; most messages have none, so no map is built then. */
    private static Map<String, Object> options(Map<?, ?> body) {
        if (body.size() <= ENVELOPE_MEMBERS.size() && ENVELOPE_MEMBERS.containsAll(body.keySet())) {
            return Map.of();
        }
        Map<String, Object> options = new LinkedHashMap<>();
        body.forEach((key, value) -> {
            if (!ENVELOPE_MEMBERS.contains(key)) {
                options.put(String.valueOf(key), value);
            }
        });
        return options;
    }

    public DeviceReply decodeReply(byte[] payload) {
        Map<?, ?> body = decodeObject(payload);
        Object code = body.get("code");
        if (!(code instanceof Number number)) {
            throw new MessageFormatException(ResponseCodes.PAYLOAD_FORMAT_ERROR, "reply has no numeric code");
        }
        return new DeviceReply(stringOrNull(body.get("id")), number.intValue(), body.get("data"),
                stringOrNull(body.get("message")));
    }

    public byte[] encode(DeviceRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", request.id());
        body.put("version", request.version());
        body.put("method", request.method());
        body.put("params", request.params() == null ? Map.of() : request.params());
        request.options().forEach(body::putIfAbsent);
        return mapper.writeValueAsBytes(body);
    }

    public byte[] encode(DeviceReply reply) {
        byte[] plain = plainReply(reply);
        if (plain != null) {
            return plain;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", reply.id());
        body.put("code", reply.code());
        body.put("data", reply.data());
        body.put("message", reply.message() == null ? "" : reply.message());
        return mapper.writeValueAsBytes(body);
    }

    /**
     * The reply written without the object mapper when it is one of the common shapes: data null or an empty object,
     * id and message plain ASCII that JSON needs no escape for. Every acknowledged post gets such a reply, and
     * building a map for the mapper to walk was a tenth of the gateway's event-loop CPU per message. Null when the
     * reply needs the mapper; the bytes are the same as the mapper's either way.
     */
    private static byte[] plainReply(DeviceReply reply) {
        String message = reply.message() == null ? "" : reply.message();
        boolean emptyObject = reply.data() instanceof Map<?, ?> map && map.isEmpty();
        if (!(reply.data() == null || emptyObject) || !plain(reply.id()) || !plain(message) || reply.code() < 0) {
            return null;
        }
        // written byte by byte: a StringBuilder, its String and the String's bytes were three copies per reply
        String id = reply.id();
        byte[] data = emptyObject ? EMPTY_OBJECT : NULL;
        int length = ID_KEY.length + (id == null ? NULL.length : id.length() + 2) + CODE_KEY.length
                + digits(reply.code()) + DATA_KEY.length + data.length + MESSAGE_KEY.length + message.length() + 2;
        byte[] json = new byte[length];
        int at = put(json, 0, ID_KEY);
        if (id == null) {
            at = put(json, at, NULL);
        } else {
            json[at++] = '"';
            at = putAscii(json, at, id);
            json[at++] = '"';
        }
        at = put(json, at, CODE_KEY);
        at = putDigits(json, at, reply.code());
        at = put(json, at, DATA_KEY);
        at = put(json, at, data);
        at = put(json, at, MESSAGE_KEY);
        at = putAscii(json, at, message);
        json[at++] = '"';
        json[at] = '}';
        return json;
    }

    private static final byte[] ID_KEY = ascii("{\"id\":");
    private static final byte[] CODE_KEY = ascii(",\"code\":");
    private static final byte[] DATA_KEY = ascii(",\"data\":");
    private static final byte[] MESSAGE_KEY = ascii(",\"message\":\"");
    private static final byte[] NULL = ascii("null");
    private static final byte[] EMPTY_OBJECT = ascii("{}");

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static int put(byte[] target, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, target, at, bytes.length);
        return at + bytes.length;
    }

    /** Only for text that {@link #plain} accepted: one byte per char. */
    private static int putAscii(byte[] target, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            target[at++] = (byte) text.charAt(i);
        }
        return at;
    }

    private static int digits(int value) {
        int digits = 1;
        while (value >= 10) {
            value /= 10;
            digits++;
        }
        return digits;
    }

    private static int putDigits(byte[] target, int at, int value) {
        int end = at + digits(value);
        int i = end;
        do {
            target[--i] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        return end;
    }

    /** Printable ASCII without quote or backslash: written into a JSON string as it is. */
    private static boolean plain(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * The request id of a payload that is not valid JSON, read leniently ({@code "id":"…"} or {@code "id":123}
     * within the first 4 KB), so that even the error reply reaches the call that waits for it; null when none.
     */
    public static String readableId(byte[] payload) {
        if (payload == null) {
            return null;
        }
        String head = new String(payload, 0, Math.min(payload.length, 4096), StandardCharsets.UTF_8);
        Matcher m = LENIENT_ID.matcher(head);
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }

    private static final Pattern LENIENT_ID =
            Pattern.compile("\"id\"\\s*:\\s*(?:\"([^\"\\\\]{1,128})\"|(-?\\d{1,19}))");

    /** Encodes any plain value (used for params built by the server). */
    public byte[] encodeValue(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    private Map<?, ?> decodeObject(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new MessageFormatException(ResponseCodes.EMPTY_PAYLOAD, "empty payload");
        }
        Object body;
        try {
            body = reader.read(payload);
        } catch (JacksonException e) {
            throw new MessageFormatException(ResponseCodes.PAYLOAD_FORMAT_ERROR, "payload is not valid JSON");
        }
        if (!(body instanceof Map<?, ?> map)) {
            throw new MessageFormatException(ResponseCodes.PAYLOAD_FORMAT_ERROR, "payload is not a JSON object");
        }
        return map;
    }

    private static String stringOrNull(Object value) {
        return value == null ? null : value.toString();
    }
}
