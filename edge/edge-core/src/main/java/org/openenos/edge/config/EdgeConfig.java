package org.openenos.edge.config;

import java.util.List;

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
        FieldConfig.checkReferences(connections, devices);
    }

    /** The field part: what the cloud manages and pushes (ADR 0059). */
    public FieldConfig field() {
        return new FieldConfig(connections, devices);
    }

    /** This configuration with the field part replaced (gateway, cloud link, buffer and status unchanged). */
    public EdgeConfig withField(FieldConfig field) {
        return new EdgeConfig(gateway, cloud, buffer, status, field.connections(), field.devices());
    }

    public ConnectionConfig connection(String id) {
        return connections.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    public List<DeviceConfig> devicesOf(String connectionId) {
        return devices.stream().filter(d -> d.connection().equals(connectionId)).toList();
    }
}
