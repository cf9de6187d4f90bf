package org.openenos.protocol;

/**
 * Every topic of the EnOS device protocol (reference §3), with its URL template and the method a request on it must
 * carry. {@code {pk}}, {@code {dk}} and {@code {id}} are variables; a method containing {@code {id}} takes the value
 * of the topic's {@code {id}} segment (event or service identifier).
 */
public enum TopicKind {
    // device -> cloud (§3.1)
    MEASUREPOINT_POST(Direction.UP, "/sys/{pk}/{dk}/thing/measurepoint/post", "thing.measurepoint.post"),
    MEASUREPOINT_POST_BATCH(Direction.UP, "/sys/{pk}/{dk}/thing/measurepoint/post/batch", "thing.measurepoint.post.batch"),
    MEASUREPOINT_RESUME(Direction.UP, "/sys/{pk}/{dk}/thing/measurepoint/resume", "thing.measurepoint.resume"),
    MEASUREPOINT_RESUME_BATCH(Direction.UP, "/sys/{pk}/{dk}/thing/measurepoint/resume/batch", "thing.measurepoint.resume.batch"),
    EVENT_POST(Direction.UP, "/sys/{pk}/{dk}/thing/event/{id}/post", "thing.event.{id}.post"),
    ATTRIBUTE_UPDATE(Direction.UP, "/sys/{pk}/{dk}/thing/attribute/update", "thing.attribute.update"),
    ATTRIBUTE_QUERY(Direction.UP, "/sys/{pk}/{dk}/thing/attribute/query", "thing.attribute.query"),
    ATTRIBUTE_DELETE(Direction.UP, "/sys/{pk}/{dk}/thing/attribute/delete", "thing.attribute.delete"),
    TAG_UPDATE(Direction.UP, "/sys/{pk}/{dk}/thing/tag/update", "thing.tag.update"),
    TAG_QUERY(Direction.UP, "/sys/{pk}/{dk}/thing/tag/query", "thing.tag.query"),
    TAG_DELETE(Direction.UP, "/sys/{pk}/{dk}/thing/tag/delete", "thing.tag.delete"),
    TSL_TEMPLATE_GET(Direction.UP, "/sys/{pk}/{dk}/thing/tsltemplate/get", "thing.tsltemplate.get"),
    MODEL_UP_RAW(Direction.UP, "/sys/{pk}/{dk}/thing/model/up_raw", null),
    DEVICE_REGISTER(Direction.UP, "/sys/{pk}/{dk}/thing/device/register", "thing.device.register"),
    TOPO_ADD(Direction.UP, "/sys/{pk}/{dk}/thing/topo/add", "thing.topo.add"),
    TOPO_DELETE(Direction.UP, "/sys/{pk}/{dk}/thing/topo/delete", "thing.topo.delete"),
    TOPO_GET(Direction.UP, "/sys/{pk}/{dk}/thing/topo/get", "thing.topo.get"),
    COMBINE_LOGIN(Direction.UP, "/ext/session/{pk}/{dk}/combine/login", "combine.login"),
    COMBINE_LOGIN_BATCH(Direction.UP, "/ext/session/{pk}/{dk}/combine/login/batch", "combine.login.batch"),
    COMBINE_LOGOUT(Direction.UP, "/ext/session/{pk}/{dk}/combine/logout", "combine.logout"),
    OTA_INFORM(Direction.UP, "/sys/{pk}/{dk}/ota/device/inform", "ota.device.inform"),
    OTA_PROGRESS(Direction.UP, "/sys/{pk}/{dk}/ota/device/progress", "ota.device.progress"),
    OTA_GET_VERSION(Direction.UP, "/sys/{pk}/{dk}/ota/device/getversion", "ota.device.getversion"),
    OTA_REQUEST(Direction.UP, "/sys/{pk}/{dk}/ota/device/request", null),
    LOG_POST(Direction.UP, "/sys/{pk}/{dk}/thing/log/post", "thing.log.post"),
    NETWORK_STATUS_REPORT(Direction.UP, "/sys/{pk}/{dk}/network/status/report", "network.status.report"),
    /** The edge's status for the cloud (OpenEnOS edge management, ADR 0059). */
    EDGE_STATUS_POST(Direction.UP, "/sys/{pk}/{dk}/edge/status/post", "edge.status.post"),
    CONNECTION_STATE_POST(Direction.UP, "/sys/{pk}/{dk}/connection/state/post", "connection.state.post"),
    // integration channel (secure mode 4): one product, many devices named in the params
    INTEGRATION_MEASUREPOINT_POST(Direction.UP, "/sys/{pk}/integration/measurepoint/post",
            "integration.measurepoint.post"),
    INTEGRATION_EVENT_POST(Direction.UP, "/sys/{pk}/integration/event/post", "integration.event.post"),
    INTEGRATION_ATTRIBUTE_POST(Direction.UP, "/sys/{pk}/integration/attribute/post", "integration.attribute.post"),

    // cloud -> device (§3.2); the device answers on the reply topic
    SERVICE_INVOKE(Direction.DOWN, "/sys/{pk}/{dk}/thing/service/{id}", "thing.service.{id}"),
    MEASUREPOINT_SET(Direction.DOWN, "/sys/{pk}/{dk}/thing/service/measurepoint/set", "thing.service.measurepoint.set"),
    MEASUREPOINT_GET(Direction.DOWN, "/sys/{pk}/{dk}/thing/service/measurepoint/get", "thing.service.measurepoint.get"),
    MODEL_DOWN_RAW(Direction.DOWN, "/sys/{pk}/{dk}/thing/model/down_raw", null),
    /** A field configuration pushed to an edge gateway (OpenEnOS edge management, ADR 0059). */
    EDGE_CONFIG_PUSH(Direction.DOWN, "/sys/{pk}/{dk}/edge/config/push", "edge.config.push"),
    OTA_UPGRADE(Direction.DOWN, "/sys/{pk}/{dk}/ota/device/upgrade", "ota.device.upgrade"),
    COMBINE_DELETE(Direction.DOWN, "/ext/session/{pk}/{dk}/combine/delete", "combine.delete"),
    COMBINE_ENABLE(Direction.DOWN, "/ext/session/{pk}/{dk}/combine/enable", "combine.enable"),
    COMBINE_DISABLE(Direction.DOWN, "/ext/session/{pk}/{dk}/combine/disable", "combine.disable"),
    ACTIVATE_INFO(Direction.DOWN, "/ext/session/{pk}/{dk}/thing/activate/info", "thing.activate.info"),
    THING_DELETE(Direction.DOWN, "/sys/{pk}/{dk}/thing/delete", "thing.delete"),
    THING_ENABLE(Direction.DOWN, "/sys/{pk}/{dk}/thing/enable", "thing.enable"),
    THING_DISABLE(Direction.DOWN, "/sys/{pk}/{dk}/thing/disable", "thing.disable");

    public enum Direction { UP, DOWN }

    private final Direction direction;
    private final String template;
    private final String methodTemplate;

    TopicKind(Direction direction, String template, String methodTemplate) {
        this.direction = direction;
        this.template = template;
        this.methodTemplate = methodTemplate;
    }

    public Direction direction() {
        return direction;
    }

    public String template() {
        return template;
    }

    /** True for the integration channel's topics, which name a product but no device. */
    public boolean isIntegration() {
        return !template.contains("{dk}");
    }

    /** True for raw topics whose bodies are bytes, not JSON requests. */
    public boolean isRaw() {
        return methodTemplate == null;
    }

    /** The method a request on this topic must carry, or null for raw topics. */
    public String method(String id) {
        return methodTemplate == null ? null : methodTemplate.replace("{id}", id == null ? "" : id);
    }

    /** The concrete topic for a device (and an event or service id when the template has one). */
    public String topic(String productKey, String deviceKey, String id) {
        String topic = template.replace("{pk}", productKey);
        topic = deviceKey == null ? topic : topic.replace("{dk}", deviceKey);
        return id == null ? topic : topic.replace("{id}", id);
    }

    public String topic(String productKey, String deviceKey) {
        return topic(productKey, deviceKey, null);
    }
}
