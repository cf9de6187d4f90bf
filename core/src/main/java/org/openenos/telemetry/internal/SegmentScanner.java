package org.openenos.telemetry.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads frames of a segment in order, verifying length, offset sequence and CRC; and finds the next valid frame after
 * a corrupt stretch, since a frame's header and CRC identify it wherever it starts.
 */
final class SegmentScanner {
    static final int MAX_PAYLOAD = 64 << 20;

    private static final int WINDOW = 1 << 20;

    record Frame(long offset, byte[] payload, long nextPosition) {
        long position() {
            return nextPosition - PartitionLog.HEADER - payload.length;
        }
    }

    /** {@code corruptBytes}: bytes skipped between valid frames (not counting a torn tail). */
    record Scan(long validBytes, long nextOffset, long corruptBytes) {
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

    /**
     * Reads the segment to its last valid frame, passing over corrupt stretches between valid frames: the bytes after
     * the last valid frame are a torn write, while a bad frame followed by good ones is damage in the middle, and
     * cutting there would throw away records that are intact.
     */
    static Scan scan(FileChannel channel, long baseOffset) throws IOException {
        long position = 0;
        long offset = baseOffset;
        long corrupt = 0;
        long size = channel.size();
        while (true) {
            Frame frame = read(channel, position, offset);
            if (frame == null) {
                frame = findNext(channel, position, size, offset, Long.MAX_VALUE);
                if (frame == null) {
                    return new Scan(position, offset, corrupt);
                }
                corrupt += frame.position() - position;
            }
            position = frame.nextPosition();
            offset = frame.offset() + 1;
        }
    }

    /**
     * The first valid frame starting at or after {@code from} and ending by {@code limit}, whose offset is at least
     * {@code minOffset} and below {@code maxOffset}; null if there is none. A candidate needs a plausible header and a
     * matching CRC32C over offset and payload, so a false match is about one in four billion per plausible header.
     */
    static Frame findNext(FileChannel channel, long from, long limit, long minOffset, long maxOffset)
            throws IOException {
        // Each frame takes at least a header, so the bytes left bound how far the offsets can have gone.
        long reachable = minOffset + Math.max(0, limit - from) / PartitionLog.HEADER + 1;
        long upper = Math.min(maxOffset, reachable < minOffset ? Long.MAX_VALUE : reachable);
        ByteBuffer window = ByteBuffer.allocate(WINDOW);
        long start = from;
        while (start + PartitionLog.HEADER <= limit) {
            window.clear();
            window.limit((int) Math.min(WINDOW, limit - start));
            while (window.hasRemaining()) {
                if (channel.read(window, start + window.position()) <= 0) {
                    break;
                }
            }
            int filled = window.position();
            for (int i = 0; i + PartitionLog.HEADER <= filled; i++) {
                int length = window.getInt(i);
                long offset = window.getLong(i + 8);
                if (length >= 0 && length <= MAX_PAYLOAD && offset >= minOffset && offset < upper
                        && start + i + PartitionLog.HEADER + length <= limit) {
                    Frame frame = read(channel, start + i, offset);
                    if (frame != null) {
                        return frame;
                    }
                }
            }
            if (filled < PartitionLog.HEADER) {
                return null;
            }
            start += filled - PartitionLog.HEADER + 1;
        }
        return null;
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
