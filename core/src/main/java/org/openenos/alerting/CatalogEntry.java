package org.openenos.alerting;

import java.util.Map;
import org.openenos.model.StringI18n;

/**
 * An alert severity, type or content: an id with an i18n description. A content may name the model it belongs to
 * and an alert type; its description is a template ({@code {assetName} temperature {value} °C}).
 */
public record CatalogEntry(Kind kind, String orgId, String id, StringI18n desc, String modelId, String typeId,
                           Map<String, String> tags) {
    public enum Kind { SEVERITY, TYPE, CONTENT }

    public CatalogEntry {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
