package org.openenos.edge.field;

/** Raw field data types and how many 16-bit Modbus registers each occupies. */
public enum DataType {
    BOOL(1), INT16(1), UINT16(1), INT32(2), UINT32(2), INT64(4), FLOAT32(2), FLOAT64(4);

    private final int registers;

    DataType(int registers) {
        this.registers = registers;
    }

    public int registers() {
        return registers;
    }

    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }
}
