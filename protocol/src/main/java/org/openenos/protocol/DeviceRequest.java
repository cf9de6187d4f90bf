package org.openenos.protocol;

/**
 * A request in either direction: {@code {id, version, method, params}} (reference §2). {@code params} is plain Java
 * data (maps, lists, strings, numbers, booleans) so that use cases never see a JSON library type.
 */
public record DeviceRequest(String id, String version, String method, Object params) {
    public static final String DEFAULT_VERSION = "1.0";

    public DeviceRequest {
        version = version == null ? DEFAULT_VERSION : version;
    }
}
