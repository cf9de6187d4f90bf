package org.openenos.edge.modbus;

import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.DataType;
import org.openenos.edge.field.Endianness;

/**
 * Converts between Modbus registers and values. Modbus itself is big-endian per register; devices disagree on the
 * order of bytes inside a register and of registers inside a 32/64-bit value, so both orders are configurable
 * ("ABCD" = big/big, "CDAB" = word-swapped, "BADC" = byte-swapped, "DCBA" = little/little).
 */
final class RegisterCodec {
    private RegisterCodec() {
    }

    /** Decodes a point from {@code data} (register bytes as received, 2 per register) at register {@code index}. */
    static Object decode(RawPointConfig point, byte[] data, int index) {
        DataType type = point.type();
        if (type == DataType.BOOL) {
            int register = (int) toLong(ordered(data, index, 1, point.byteOrder(), point.wordOrder()));
            return point.bit() == null ? register != 0 : ((register >>> point.bit()) & 1) == 1;
        }
        byte[] bytes = ordered(data, index, type.registers(), point.byteOrder(), point.wordOrder());
        long bits = toLong(bytes);
        Object raw = switch (type) {
            case INT16 -> (long) (short) bits;
            case UINT16 -> bits & 0xFFFFL;
            case INT32 -> (long) (int) bits;
            case UINT32 -> bits & 0xFFFF_FFFFL;
            case INT64 -> bits;
            case FLOAT32 -> (double) Float.intBitsToFloat((int) bits);
            case FLOAT64 -> Double.longBitsToDouble(bits);
            case BOOL -> throw new IllegalStateException("handled above");
        };
        return scale(point, raw);
    }

    static Object scale(RawPointConfig point, Object raw) {
        if (point.scale() == 1.0 && point.offset() == 0.0) {
            return raw;
        }
        return ((Number) raw).doubleValue() * point.scale() + point.offset();
    }

    /** Encodes a raw (already unscaled) value into register bytes in the device's order. */
    static byte[] encode(RawPointConfig point, Object value) {
        DataType type = point.type();
        long bits = switch (type) {
            case FLOAT32 -> Float.floatToIntBits(((Number) value).floatValue()) & 0xFFFF_FFFFL;
            case FLOAT64 -> Double.doubleToLongBits(((Number) value).doubleValue());
            case BOOL -> value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).longValue() != 0 ? 1 : 0;
            default -> ((Number) value).longValue();
        };
        checkRange(point, type, value, bits);
        int registers = type.registers();
        byte[] big = new byte[registers * 2];
        for (int i = big.length - 1; i >= 0; i--) {
            big[i] = (byte) bits;
            bits >>>= 8;
        }
        // Reordering is its own inverse: a swap applied twice is the identity.
        return ordered(big, 0, registers, point.byteOrder(), point.wordOrder());
    }

    private static void checkRange(RawPointConfig point, DataType type, Object value, long bits) {
        boolean ok = switch (type) {
            case INT16 -> bits >= Short.MIN_VALUE && bits <= Short.MAX_VALUE;
            case UINT16 -> bits >= 0 && bits <= 0xFFFF;
            case INT32 -> bits >= Integer.MIN_VALUE && bits <= Integer.MAX_VALUE;
            case UINT32 -> bits >= 0 && bits <= 0xFFFF_FFFFL;
            default -> true;
        };
        if (!ok) {
            throw new IllegalArgumentException("value " + value + " does not fit " + type + " point '" + point.id() + "'");
        }
    }

    /** The registers' bytes rearranged into big-endian order. */
    private static byte[] ordered(byte[] data, int index, int registers, Endianness byteOrder, Endianness wordOrder) {
        byte[] out = new byte[registers * 2];
        for (int r = 0; r < registers; r++) {
            int source = (index + (wordOrder == Endianness.BIG ? r : registers - 1 - r)) * 2;
            out[r * 2] = data[source + (byteOrder == Endianness.BIG ? 0 : 1)];
            out[r * 2 + 1] = data[source + (byteOrder == Endianness.BIG ? 1 : 0)];
        }
        return out;
    }

    private static long toLong(byte[] bytes) {
        long value = 0;
        for (byte b : bytes) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }
}
