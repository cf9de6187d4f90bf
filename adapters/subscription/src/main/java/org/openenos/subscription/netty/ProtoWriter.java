package org.openenos.subscription.netty;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes protobuf (proto2) fields: the few wire types the subscription messages use (varint, length-delimited). The
 * messages are small and fixed (the SDKs' {@code sub.proto}/{@code common.proto}), so a hand-written encoder is
 * simpler than generated code and a protobuf runtime.
 */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    ProtoWriter varint(int field, long value) {
        tag(field, 0);
        raw(value);
        return this;
    }

    ProtoWriter bool(int field, boolean value) {
        return varint(field, value ? 1 : 0);
    }

    ProtoWriter string(int field, String value) {
        return value == null ? this : bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, 2);
        raw(value.length);
        out.writeBytes(value);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        raw(((long) field << 3) | wireType);
    }

    /* Negative int32 values are written as 10-byte varints, as protobuf does. */
    private void raw(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
