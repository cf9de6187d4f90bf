package org.openenos.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thing model (TSL): the four element maps keyed by identifier. {@code orgId} is null for a public model that every
 * organization can read and none can change. {@code modelIdPath} lists the ancestors, e.g. {@code /parent/child}.
 */
public record ThingModel(String modelId, String modelIdPath, String orgId, StringI18n name, StringI18n desc,
                         Map<String, String> tags,
                         Map<String, ThingAttribute> attributes,
                         Map<String, ThingMeasurepoint> measurepoints,
                         Map<String, ThingService> services,
                         Map<String, ThingEvent> events) {
    public ThingModel {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        attributes = ordered(attributes);
        measurepoints = ordered(measurepoints);
        services = ordered(services);
        events = ordered(events);
        if (modelIdPath == null || modelIdPath.isBlank()) {
            modelIdPath = "/" + modelId;
        }
    }

    public boolean isPublic() {
        return orgId == null;
    }

    /** The id of the model this one inherits from, or null for a root model. */
    public String parentModelId() {
        String[] parts = modelIdPath.split("/");
        return parts.length >= 3 ? parts[parts.length - 2] : null;
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
