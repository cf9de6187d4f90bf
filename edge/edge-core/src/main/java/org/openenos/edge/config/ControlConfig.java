package org.openenos.edge.config;

/**
 * How a cloud command becomes a field write. {@code measurepoint}: a {@code setMeasurepoint} of that point writes
 * the raw {@code point} (scale and offset inverted). {@code service}: an {@code invokeService} writes the service's
 * input parameter {@code inputParam} (or the constant {@code value}) to {@code point}.
 */
public record ControlConfig(String measurepoint, String service, String point, String inputParam, Object value) {
    public ControlConfig {
        Checks.check((measurepoint == null) != (service == null), "a control needs exactly one of measurepoint or service");
        Checks.require(point, "control point");
        Checks.check(service == null || inputParam != null || value != null,
                "control of service '" + service + "' needs inputParam or value");
    }
}
