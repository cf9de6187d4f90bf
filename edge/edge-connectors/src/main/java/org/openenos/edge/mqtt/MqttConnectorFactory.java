package org.openenos.edge.mqtt;

import java.util.List;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.ConnectionType;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.field.FieldConnector;
import org.openenos.edge.field.FieldConnectorFactory;

/** Creates {@link MqttConnector}s. */
public final class MqttConnectorFactory implements FieldConnectorFactory {
    @Override
    public boolean supports(ConnectionConfig connection) {
        return connection.type() == ConnectionType.MQTT;
    }

    @Override
    public FieldConnector create(ConnectionConfig connection, List<DeviceConfig> devices) {
        return new MqttConnector(connection, devices);
    }
}
