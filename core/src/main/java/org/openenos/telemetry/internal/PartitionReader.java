package org.openenos.telemetry.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.openenos.telemetry.BusRecord;

/**
 * A consumer's cursor over one partition: the segment it is in, the byte position and the next offset. Frames are
 * parsed from a read-ahead buffer filled by large reads (one syscall per many records, where per-record reads took
 * two syscalls and two buffers each).
 */
final class PartitionReader implements AutoCloseable {
    private static final int READ_AHEAD = 1 << 20;

    private final PartitionLog log;
    private FileChannel channel;
    private long segmentBase = -1;
    private long position;
    private long nextOffset;
    private ByteBuffer buffer = ByteBuffer.allocate(READ_AHEAD).limit(0);
    /** Segment position of the buffer's first byte. */
    private long bufferStart;
    /*
     * The log's durable end when the buffer was filled: frames below it were fsynced before the read, so the buffer
     * holds them whole. Bytes after them may be a write in progress and are read again before they are parsed.
     */
    private long durableAtFill;

    PartitionReader(PartitionLog log, long startOffset) {
        this.log = log;
        this.nextOffset = startOffset;
    }

    boolean hasDurableRecords() {
        return nextOffset < log.durableEnd();
    }

    /** The next durable record, or null when the reader is at the durable end. */
    BusRecord next() throws IOException {
        if (!hasDurableRecords()) {
            return null;
        }
        ensurePositioned();
        byte[] payload = frame();
        if (payload == null) {
            // The current segment is complete: continue with the next one.
            Long next = log.segments().higherKey(segmentBase);
            if (next == null || next != nextOffset) {
                throw new IOException("partition " + log.partition() + ": record " + nextOffset + " is missing");
            }
            openSegment(next);
            payload = frame();
            if (payload == null) {
                throw new IOException("partition " + log.partition() + ": record " + nextOffset + " is unreadable");
            }
        }
        long offset = nextOffset++;
        try {
            return new BusRecord(log.partition(), offset, ValueCodec.decode(payload), ValueCodec.mayRepeat(payload));
        } catch (IllegalArgumentException e) {
            throw new IOException("partition " + log.partition() + ": record " + offset + " cannot be decoded", e);
        }
    }

    /** The payload of the frame of {@code nextOffset} at {@code position} (advanced past it), or null if none. */
    private byte[] frame() throws IOException {
        if (nextOffset >= durableAtFill || !buffered(PartitionLog.HEADER)) {
            fill(0);
        }
        if (!buffered(PartitionLog.HEADER)) {
            return null;
        }
        int at = (int) (position - bufferStart);
        int length = buffer.getInt(at);
        int crc = buffer.getInt(at + 4);
        long offset = buffer.getLong(at + 8);
        if (length < 0 || length > SegmentScanner.MAX_PAYLOAD || offset != nextOffset) {
            return null;
        }
        if (!buffered(PartitionLog.HEADER + length)) {
            fill(PartitionLog.HEADER + length);
            if (!buffered(PartitionLog.HEADER + length)) {
                return null;
            }
            at = 0;
        }
        byte[] payload = new byte[length];
        buffer.get(at + PartitionLog.HEADER, payload);
        if (PartitionLog.crc(offset, payload) != crc) {
            return null;
        }
        position += PartitionLog.HEADER + length;
        return payload;
    }

    private boolean buffered(int bytes) {
        return position >= bufferStart && position + bytes <= bufferStart + buffer.limit();
    }

    /**
     * Reads from {@code position} on, as far as the file goes or the buffer holds; grows the buffer to {@code frame}
     * bytes for a frame larger than it (the length comes from a durable frame's checked header).
     */
    private void fill(int frame) throws IOException {
        durableAtFill = log.durableEnd();
        if (frame > buffer.capacity()) {
            buffer = ByteBuffer.allocate(frame);
        }
        buffer.clear();
        bufferStart = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, bufferStart + buffer.position());
            if (n <= 0) {
                break;
            }
        }
        buffer.flip();
    }

    private void ensurePositioned() throws IOException {
        if (channel != null) {
            return;
        }
        Long base = log.segments().floorKey(nextOffset);
        if (base == null) {
            throw new IOException("partition " + log.partition() + ": offset " + nextOffset + " was deleted");
        }
        openSegment(base);
        // Skip records below the start offset: segments are only indexed by their first offset.
        long start = nextOffset;
        for (nextOffset = base; nextOffset < start; nextOffset++) {
            if (frame() == null) {
                throw new IOException("partition " + log.partition() + ": cannot seek to " + start);
            }
        }
    }

    private void openSegment(long base) throws IOException {
        close();
        channel = FileChannel.open(log.segments().get(base), StandardOpenOption.READ);
        segmentBase = base;
        position = 0;
        buffer.limit(0);
        bufferStart = 0;
        durableAtFill = 0;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only channel: nothing to lose
            }
            channel = null;
        }
    }
}
