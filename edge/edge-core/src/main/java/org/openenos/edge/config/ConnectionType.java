package org.openenos.edge.config;

/**
 * Southbound protocols. RTU over TCP is a serial RTU frame (with CRC) tunnelled through a TCP gateway, MODBUS_RTU
 * the same frames on a serial line of the edge itself; IEC104 is an
 * IEC 60870-5-104 outstation the edge reaches as the controlling station; MQTT is a broker the edge subscribes to
 * for devices that publish JSON.
 */
public enum ConnectionType {
    MODBUS_TCP, MODBUS_RTU_OVER_TCP, MODBUS_RTU, OPC_UA, IEC104, MQTT;

    /** One request at a time on the line: the units of such a connection share one poll thread. */
    public boolean isSerialLine() {
        return this == MODBUS_RTU_OVER_TCP || this == MODBUS_RTU;
    }

    public boolean isModbus() {
        return this == MODBUS_TCP || this == MODBUS_RTU_OVER_TCP || this == MODBUS_RTU;
    }
}
