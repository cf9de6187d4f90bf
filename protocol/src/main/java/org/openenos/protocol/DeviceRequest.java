package org.openenos.protocol;

import java.util.Map;

/**
 * A request in either direction: {@code {id, version, method, params}} (reference §2). {@code params} is plain Java
 * data (maps, lists, strings, numbers, booleans) so that use cases never see a JSON library type. {@code options}
 * holds the other top-level members of the message: EnOS puts request flags there, beside {@code params} (for
 * example {@code allowOfflineSubDevice} and {@code skipInvalidMeasurepoints} of a batch post, reference §3.1).
 */
public record DeviceRequest(String id, String version, String method, Object params, Map<String, Object> options) {
    public static final String DEFAULT_VERSION = "1.0";

    public DeviceRequest {
        version = version == null ? DEFAULT_VERSION : version;
        options = options == null ? Map.of() : options;
    }

    public DeviceRequest(String id, String version, String method, Object params) {
        this(id, version, method, params, Map.of());
    }

    /** A top-level member of the message, or null. */
    public Object option(String name) {
        return options.get(name);
    }
}
