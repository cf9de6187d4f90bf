package org.openenos.timeseries;

/** The fixed storage types of an EnOS storage policy group (processing reference §3.1). */
public enum StorageType {
    /** AI points as received. */
    AI_RAW,
    /** AI points truncated to the minute, the last value of each minute kept. */
    AI_NORMALIZED,
    /** Status changes of DI points. */
    DI,
    /** Electric energy counters, minute-normalized like AI_NORMALIZED. */
    PI,
    /** Generic points. */
    GENERIC
}
