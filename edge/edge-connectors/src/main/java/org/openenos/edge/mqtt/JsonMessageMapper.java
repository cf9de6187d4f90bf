package org.openenos.edge.mqtt;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.Sample;

/**
 * Reads one point's value (and time) out of a JSON message with JSONPath. Pure logic, no MQTT: a message that is not
 * JSON, a path that is absent or invalid, a time out of range or a value that is neither number, boolean nor text is a
 * {@link MalformedMessage}.
 */
final class JsonMessageMapper {
    private static final Configuration JSON = Configuration.defaultConfiguration()
            .addOptions(Option.SUPPRESS_EXCEPTIONS);

    /** A message the configured paths cannot read; says why. */
    static final class MalformedMessage extends Exception {
        MalformedMessage(String reason) {
            super(reason);
        }
    }

    private JsonMessageMapper() {
    }

    static DocumentContext parse(byte[] payload) throws MalformedMessage {
        try {
            DocumentContext doc = JsonPath.using(JSON).parse(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
            if (doc.json() == null) {
                throw new MalformedMessage("not JSON");
            }
            return doc;
        } catch (RuntimeException e) {
            throw new MalformedMessage("not JSON: " + e.getMessage());
        }
    }

    static Sample sample(DocumentContext doc, RawPointConfig point, long receivedAt) throws MalformedMessage {
        Object raw = read(doc, point.jsonPath());
        Object value = switch (raw) {
            case null -> throw new MalformedMessage("no value at " + point.jsonPath());
            case Integer i -> (long) i;
            case Long l -> l;
            case BigDecimal d -> d.doubleValue();
            case Number n -> n.doubleValue();
            case Boolean b -> b;
            case String s -> s;
            default -> throw new MalformedMessage(point.jsonPath() + " is not a number, boolean or text");
        };
        if (value instanceof Number n && (point.scale() != 1.0 || point.offset() != 0.0)) {
            value = n.doubleValue() * point.scale() + point.offset();
        }
        long time = point.timePath() == null ? receivedAt : time(read(doc, point.timePath()), point.timePath());
        return Sample.good(value, time);
    }

    /** The value at a path; a path JSONPath cannot compile fails every message, so it is reported like one. */
    private static Object read(DocumentContext doc, String path) throws MalformedMessage {
        try {
            return doc.read(path);
        } catch (InvalidPathException e) {
            throw new MalformedMessage("invalid JSONPath " + path + ": " + e.getMessage());
        }
    }

    private static long time(Object raw, String path) throws MalformedMessage {
        try {
            return switch (raw) {
                case Number n -> n.longValue();
                case String s when s.chars().allMatch(Character::isDigit) && !s.isEmpty() -> Long.parseLong(s);
                case String s -> s.endsWith("Z") ? Instant.parse(s).toEpochMilli()
                        : OffsetDateTime.parse(s).toInstant().toEpochMilli();
                case null -> throw new MalformedMessage("no time at " + path);
                default -> throw new MalformedMessage(path + " is not a time");
            };
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new MalformedMessage(path + " is not epoch milliseconds or ISO-8601: " + raw);
        }
    }
}
