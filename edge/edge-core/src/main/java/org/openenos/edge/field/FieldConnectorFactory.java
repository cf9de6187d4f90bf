package org.openenos.edge.field;

import java.util.List;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.DeviceConfig;

/** Creates connectors for the connection types it supports; the app registers one factory per protocol. */
public interface FieldConnectorFactory {
    boolean supports(ConnectionConfig connection);

    FieldConnector create(ConnectionConfig connection, List<DeviceConfig> devices);
}
