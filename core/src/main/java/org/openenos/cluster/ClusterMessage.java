package org.openenos.cluster;

import java.util.Map;

/**
 * A small message between nodes: what happened and the keys it concerns (ids, not data). Values of {@code body} are
 * JSON-like: strings, numbers, booleans, lists and maps.
 *
 * @param kind   what the message is about; each kind has one handler
 * @param sender the node that sent it
 */
public record ClusterMessage(String kind, String sender, Map<String, Object> body) {
    public ClusterMessage {
        body = body == null ? Map.of() : body;
    }

    public String text(String key) {
        Object value = body.get(key);
        return value == null ? null : value.toString();
    }
}
