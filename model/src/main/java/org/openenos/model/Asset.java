package org.openenos.model;

import java.util.Map;

/** An asset: a device's digital twin or a logical asset (a site, a line) that exists only in asset trees. */
public record Asset(String orgId, String assetId, String modelId, String modelIdPath, StringI18n name,
                    StringI18n desc, String timezone, Map<String, Object> attributes, Map<String, String> tags,
                    boolean isDevice) {
    public Asset {
        attributes = attributes == null ? Map.of() : attributes;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        timezone = timezone == null || timezone.isBlank() ? "+00:00" : timezone;
    }
}
