package org.openenos.edge.iec104;

import java.util.List;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.ConnectionType;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.field.FieldConnector;
import org.openenos.edge.field.FieldConnectorFactory;

/** Creates {@link Iec104Connector}s. */
public final class Iec104ConnectorFactory implements FieldConnectorFactory {
    @Override
    public boolean supports(ConnectionConfig connection) {
        return connection.type() == ConnectionType.IEC104;
    }

    @Override
    public FieldConnector create(ConnectionConfig connection, List<DeviceConfig> devices) {
        return new Iec104Connector(connection);
    }
}
