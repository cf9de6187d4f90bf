package org.openenos.edge.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The field part of the edge configuration (connections and devices with their points, templates and rules): what
 * the cloud keeps per gateway and pushes to the edge (ADR 0059). The cloud validates a version with this record and
 * {@link EdgeConfigLoader#parseField}, so an operator sees the same message as the edge would give at start.
 */
public record FieldConfig(List<ConnectionConfig> connections, List<DeviceConfig> devices) {

    public FieldConfig {
        connections = connections == null ? List.of() : List.copyOf(connections);
        devices = devices == null ? List.of() : List.copyOf(devices);
        checkReferences(connections, devices);
    }

    public static FieldConfig empty() {
        return new FieldConfig(List.of(), List.of());
    }

    /** Unique ids, every device on a known connection, every point addressed the way its connection reads it. */
    static void checkReferences(List<ConnectionConfig> connections, List<DeviceConfig> devices) {
        Checks.unique(connections, ConnectionConfig::id, "connection id");
        Checks.unique(devices, DeviceConfig::id, "device id");
        Map<String, ConnectionConfig> byId = connections.stream()
                .collect(Collectors.toMap(ConnectionConfig::id, Function.identity()));
        for (DeviceConfig device : devices) {
            ConnectionConfig connection = byId.get(device.connection());
            Checks.check(connection != null,
                    "device '" + device.id() + "' uses unknown connection '" + device.connection() + "'");
            for (RawPointConfig point : device.points()) {
                ConnectionType type = connection.type();
                boolean addressed = switch (type) {
                    case MODBUS_TCP, MODBUS_RTU_OVER_TCP, MODBUS_RTU -> point.area() != null;
                    case OPC_UA -> point.nodeId() != null;
                    case IEC104 -> point.ioa() != null;
                    case MQTT -> point.topic() != null;
                };
                Checks.check(addressed, "point '" + device.id() + "." + point.id() + "' needs "
                        + switch (type) {
                            case MODBUS_TCP, MODBUS_RTU_OVER_TCP, MODBUS_RTU -> "an 'area' and 'address'";
                            case OPC_UA -> "a 'nodeId'";
                            case IEC104 -> "an 'ioa'";
                            case MQTT -> "a 'topic' and 'jsonPath'";
                        } + " on a " + type + " connection");
            }
        }
    }
}
