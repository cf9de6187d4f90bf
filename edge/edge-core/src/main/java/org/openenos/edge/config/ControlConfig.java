package org.openenos.edge.config;

import java.util.List;
import org.openenos.edge.field.DataType;

/**
 * How a cloud command becomes a field action. {@code measurepoint}: a {@code setMeasurepoint} of that point writes
 * the raw {@code point} (scale and offset inverted). {@code service}: an {@code invokeService} either writes the
 * service's input parameter {@code inputParam} (or the constant {@code value}) to {@code point}, or, with
 * {@code methodNode}, calls that OPC UA method on {@code objectNode} with the service inputs listed in {@code inputs}
 * (in the method's argument order, each sent as its type) and answers with the method's outputs named by
 * {@code outputs}.
 */
public record ControlConfig(String measurepoint, String service, String point, String inputParam, Object value,
                            String objectNode, String methodNode, List<MethodInput> inputs, List<String> outputs) {
    /** One input argument of a method call: the service input parameter it comes from and its OPC UA type. */
    public record MethodInput(String param, DataType type) {
        public MethodInput {
            Checks.require(param, "method input param");
            Checks.require(type, "method input '" + param + "' type");
        }
    }

    public ControlConfig {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        Checks.check((measurepoint == null) != (service == null), "a control needs exactly one of measurepoint or service");
        if (methodNode != null) {
            Checks.check(service != null, "a method call control maps a service, not a measure point");
            Checks.require(objectNode, "control of service '" + service + "' objectNode");
        } else {
            Checks.require(point, "control point");
            Checks.check(service == null || inputParam != null || value != null,
                    "control of service '" + service + "' needs inputParam or value");
        }
    }

    public boolean isMethodCall() {
        return methodNode != null;
    }
}
