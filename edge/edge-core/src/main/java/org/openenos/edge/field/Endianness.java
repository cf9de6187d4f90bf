package org.openenos.edge.field;

/** Byte order inside a register or word order across registers; devices differ, so both are configurable. */
public enum Endianness { BIG, LITTLE }
