package org.openenos.telemetry.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Reads frames of a segment in order, verifying length, offset sequence and CRC; stops at the first bad frame. */
final class SegmentScanner {
    static final int MAX_PAYLOAD = 64 << 20;

    record Frame(long offset, byte[] payload, long nextPosition) {
    }

    record Scan(long validBytes, long nextOffset) {
    }

    private SegmentScanner() {
    }

    /** The frame at {@code position}, or null if none is complete and valid there. */
    static Frame read(FileChannel channel, long position, long expectedOffset) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(PartitionLog.HEADER);
        if (!readFully(channel, header, position)) {
            return null;
        }
        int length = header.getInt(0);
        int crc = header.getInt(4);
        long offset = header.getLong(8);
        if (length < 0 || length > MAX_PAYLOAD || offset != expectedOffset) {
            return null;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        if (!readFully(channel, payload, position + PartitionLog.HEADER)) {
            return null;
        }
        byte[] bytes = payload.array();
        if (PartitionLog.crc(offset, bytes) != crc) {
            return null;
        }
        return new Frame(offset, bytes, position + PartitionLog.HEADER + length);
    }

    static Scan scan(FileChannel channel, long baseOffset) throws IOException {
        long position = 0;
        long offset = baseOffset;
        Frame frame;
        while ((frame = read(channel, position, offset)) != null) {
            position = frame.nextPosition();
            offset++;
        }
        return new Scan(position, offset);
    }

    private static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                return false;
            }
        }
        return true;
    }
}
