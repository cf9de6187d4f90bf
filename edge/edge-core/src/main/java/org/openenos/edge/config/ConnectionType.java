package org.openenos.edge.config;

/** Southbound protocols. RTU over TCP is a serial RTU frame (with CRC) tunnelled through a TCP gateway. */
public enum ConnectionType {
    MODBUS_TCP, MODBUS_RTU_OVER_TCP, OPC_UA;

    public boolean isModbus() {
        return this != OPC_UA;
    }
}
