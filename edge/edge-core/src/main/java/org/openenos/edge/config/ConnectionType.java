package org.openenos.edge.config;

/**
 * Southbound protocols. RTU over TCP is a serial RTU frame (with CRC) tunnelled through a TCP gateway; IEC104 is an
 * IEC 60870-5-104 outstation the edge reaches as the controlling station; MQTT is a broker the edge subscribes to
 * for devices that publish JSON.
 */
public enum ConnectionType {
    MODBUS_TCP, MODBUS_RTU_OVER_TCP, OPC_UA, IEC104, MQTT;

    public boolean isModbus() {
        return this == MODBUS_TCP || this == MODBUS_RTU_OVER_TCP;
    }
}
