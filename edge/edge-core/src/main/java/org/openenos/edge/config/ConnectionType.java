package org.openenos.edge.config;

/**
 * Southbound protocols. RTU over TCP is a serial RTU frame (with CRC) tunnelled through a TCP gateway; IEC104 is an
 * IEC 60870-5-104 outstation the edge reaches as the controlling station.
 */
public enum ConnectionType {
    MODBUS_TCP, MODBUS_RTU_OVER_TCP, OPC_UA, IEC104;

    public boolean isModbus() {
        return this == MODBUS_TCP || this == MODBUS_RTU_OVER_TCP;
    }
}
