package org.openenos.model;

/** The data types of thing model elements (reference §5). */
public enum DataType {
    INT, FLOAT, DOUBLE, BOOL, ENUM, STRING, DATE, TIMESTAMP, STRUCT, ARRAY, FILE;

    public boolean isNumeric() {
        return this == INT || this == FLOAT || this == DOUBLE;
    }
}
