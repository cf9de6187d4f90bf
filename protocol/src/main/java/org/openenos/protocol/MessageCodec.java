package org.openenos.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** JSON encoding of requests and replies. Thread-safe; share one instance. */
public final class MessageCodec {
    private final JsonMapper mapper = JsonMapper.builder().build();

    public DeviceRequest decodeRequest(byte[] payload) {
        Map<?, ?> body = decodeObject(payload);
        Object method = body.get("method");
        return new DeviceRequest(stringOrNull(body.get("id")), stringOrNull(body.get("version")),
                method == null ? null : method.toString(), body.get("params"));
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
        return mapper.writeValueAsBytes(body);
    }

    public byte[] encode(DeviceReply reply) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", reply.id());
        body.put("code", reply.code());
        body.put("data", reply.data());
        body.put("message", reply.message() == null ? "" : reply.message());
        return mapper.writeValueAsBytes(body);
    }

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
            body = mapper.readValue(payload, Object.class);
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
