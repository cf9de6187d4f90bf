package org.openenos.protocol;

/**
 * A parsed MQTT topic: its kind, the device it addresses, the event or service id when the topic carries one, and
 * whether it is the {@code _reply} topic of that kind.
 */
public record TopicRoute(TopicKind kind, String productKey, String deviceKey, String id, boolean reply) {

    /** The method a request on this topic must carry (null for raw topics). */
    public String expectedMethod() {
        return kind.method(id);
    }

    /** The concrete topic this route was parsed from. */
    public String topic() {
        return kind.topic(productKey, deviceKey, id) + (reply ? TopicCatalogue.REPLY_SUFFIX : "");
    }

    /** Where the answer to a request on this topic goes (§2: request topic + {@code _reply}). */
    public String replyTopic() {
        return kind.topic(productKey, deviceKey, id) + TopicCatalogue.REPLY_SUFFIX;
    }
}
