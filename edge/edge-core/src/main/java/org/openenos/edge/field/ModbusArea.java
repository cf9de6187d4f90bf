package org.openenos.edge.field;

/** The four Modbus data areas; coils and holding registers are writable. */
public enum ModbusArea {
    COIL, DISCRETE_INPUT, INPUT_REGISTER, HOLDING_REGISTER;

    public boolean isBit() {
        return this == COIL || this == DISCRETE_INPUT;
    }

    public boolean isWritable() {
        return this == COIL || this == HOLDING_REGISTER;
    }
}
