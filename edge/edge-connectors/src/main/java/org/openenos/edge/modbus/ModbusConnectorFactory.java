package org.openenos.edge.modbus;

import java.util.List;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.field.FieldConnector;
import org.openenos.edge.field.FieldConnectorFactory;

/** Creates {@link ModbusConnector}s for Modbus TCP and RTU-over-TCP connections. */
public final class ModbusConnectorFactory implements FieldConnectorFactory {
    @Override
    public boolean supports(ConnectionConfig connection) {
        return connection.type().isModbus();
    }

    @Override
    public FieldConnector create(ConnectionConfig connection, List<DeviceConfig> devices) {
        return new ModbusConnector(connection);
    }
}
