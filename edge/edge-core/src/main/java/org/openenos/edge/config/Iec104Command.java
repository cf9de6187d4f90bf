package org.openenos.edge.config;

/** The IEC 60870-5-104 command a write to a point sends. */
public enum Iec104Command {
    /** C_SC_NA_1: single command, on/off. */
    SINGLE,
    /** C_DC_NA_1: double command, on/off. */
    DOUBLE,
    /** C_SE_NC_1: set point, short floating point. */
    SETPOINT_FLOAT
}
