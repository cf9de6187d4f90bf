package org.openenos.subscription.netty;

import java.nio.charset.StandardCharsets;

/** Reads protobuf fields one by one; unknown fields of any wire type are skipped, as protobuf requires. */
final class ProtoReader {
    private final byte[] data;
    private int position;
    private int field;
    private int wireType;
    private long varint;
    private byte[] bytes;

    ProtoReader(byte[] data) {
        this.data = data;
    }

    /** Advances to the next field; false at the end. */
    boolean next() {
        if (position >= data.length) {
            return false;
        }
        long tag = readVarint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        switch (wireType) {
            case 0 -> varint = readVarint();
            case 1 -> position += 8;
            case 2 -> {
                int length = (int) readVarint();
                if (length < 0 || position + length > data.length) {
                    throw new IllegalArgumentException("truncated field " + field);
                }
                bytes = java.util.Arrays.copyOfRange(data, position, position + length);
                position += length;
            }
            case 5 -> position += 4;
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
        }
        return true;
    }

    int field() {
        return field;
    }

    long longValue() {
        return varint;
    }

    int intValue() {
        return (int) varint;
    }

    boolean boolValue() {
        return varint != 0;
    }

    String stringValue() {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    byte[] bytesValue() {
        return bytes == null ? new byte[0] : bytes;
    }

    private long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= data.length) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte b = data[position++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }
}
