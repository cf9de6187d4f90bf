package org.openenos.edge.opcua;

import java.util.List;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.ConnectionType;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.field.FieldConnector;
import org.openenos.edge.field.FieldConnectorFactory;

/** Creates {@link OpcUaConnector}s. */
public final class OpcUaConnectorFactory implements FieldConnectorFactory {
    @Override
    public boolean supports(ConnectionConfig connection) {
        return connection.type() == ConnectionType.OPC_UA;
    }

    @Override
    public FieldConnector create(ConnectionConfig connection, List<DeviceConfig> devices) {
        return new OpcUaConnector(connection);
    }
}
