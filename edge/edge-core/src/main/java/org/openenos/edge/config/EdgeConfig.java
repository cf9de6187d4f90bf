package org.openenos.edge.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The whole edge configuration file: who the edge is in the cloud, how it reaches the cloud, the local buffer and
 * status endpoint, and the field (connections, devices, their points and templates). Cross references are checked
 * here so that a bad file is refused at start with the line of the offending element.
 */
public record EdgeConfig(GatewayConfig gateway, CloudConfig cloud, BufferConfig buffer, StatusConfig status,
                         List<ConnectionConfig> connections, List<DeviceConfig> devices) {

    public EdgeConfig {
        Checks.require(gateway, "gateway");
        cloud = cloud == null ? CloudConfig.defaults() : cloud;
        buffer = buffer == null ? BufferConfig.defaults() : buffer;
        status = status == null ? StatusConfig.defaults() : status;
        connections = connections == null ? List.of() : List.copyOf(connections);
        devices = devices == null ? List.of() : List.copyOf(devices);
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

    public ConnectionConfig connection(String id) {
        return connections.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    public List<DeviceConfig> devicesOf(String connectionId) {
        return devices.stream().filter(d -> d.connection().equals(connectionId)).toList();
    }
}
