package org.openenos.telemetry.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.PoisonRecordHandler;

/**
 * A consumer's cursor over one partition: the segment it is in, the byte position and the next offset. Frames are
 * parsed from a read-ahead buffer filled by large reads (one syscall per many records, where per-record reads took
 * two syscalls and two buffers each).
 *
 * <p>Nothing in the log stops the reader: a record that does not decode goes to the dead letters, and where no valid
 * frame is found where one must be (damage on disk), the stretch is reported (its bytes, up to 1 MiB, go to the
 * dead letters) and reading resumes at the next frame whose header and CRC verify (or at the next segment).
 */
final class PartitionReader implements AutoCloseable {
    private static final int READ_AHEAD = 1 << 20;
    private static final int MAX_KEPT_BYTES = 1 << 20;

    private final PartitionLog log;
    private final PoisonRecordHandler poison;
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

    PartitionReader(PartitionLog log, long startOffset, PoisonRecordHandler poison) {
        this.log = log;
        this.poison = poison;
        this.nextOffset = startOffset;
    }

    int partition() {
        return log.partition();
    }

    /** The offset of the record {@link #next()} reads next. */
    long nextOffset() {
        return nextOffset;
    }

    /**
     * Moves forward to {@code offset} (at most the durable end) without reading: the segment holding it is opened and
     * the record found at the next {@link #next()}. Returns the reader's offset after the move.
     */
    long skipTo(long offset) {
        long target = Math.min(offset, log.durableEnd());
        if (target > nextOffset) {
            close();
            nextOffset = target;
        }
        return nextOffset;
    }

    boolean hasDurableRecords() {
        return nextOffset < log.durableEnd();
    }

    /** The next durable record, or null when the reader is at the durable end. */
    BusRecord next() throws IOException {
        while (hasDurableRecords()) {
            ensurePositioned();
            byte[] payload = frame();
            if (payload == null) {
                Long next = log.segments().higherKey(segmentBase);
                if (next != null && next == nextOffset && position == channel.size()) {
                    openSegment(next); // the current segment is complete
                } else {
                    skipCorruption(next);
                }
                continue;
            }
            long offset = nextOffset++;
            try {
                return new BusRecord(log.partition(), offset, ValueCodec.decode(payload), ValueCodec.mayRepeat(payload));
            } catch (RuntimeException e) {
                poison.undecodable(log.partition(), offset, payload, e);
            }
        }
        return null;
    }

    /**
     * No valid frame of {@code nextOffset} at {@code position} although the record is durable: resumes at the next
     * valid frame of this segment, else at the next segment, else (the active segment) at the durable end.
     */
    private void skipCorruption(Long nextSegment) throws IOException {
        long from = position;
        long firstLost = nextOffset;
        PartitionLog.Durable durable = log.durable();
        boolean active = nextSegment == null && durable.segment() == segmentBase;
        long limit = active ? durable.bytes() : channel.size();
        long maxOffset = nextSegment != null ? nextSegment : durable.end();
        SegmentScanner.Frame found = SegmentScanner.findNext(channel, position, limit, nextOffset, maxOffset);
        String segment = log.segments().get(segmentBase).getFileName().toString();
        long end;
        long resumeAt;
        if (found != null) {
            end = found.position();
            resumeAt = found.offset();
        } else if (nextSegment != null) {
            end = channel.size();
            resumeAt = nextSegment;
        } else if (active) {
            end = durable.bytes();
            resumeAt = durable.end();
        } else {
            throw new IOException("partition " + log.partition() + ": record " + nextOffset + " is missing");
        }
        poison.corrupt(log.partition(), segment, firstLost, resumeAt, end - from, bytes(from, end));
        if (found == null && nextSegment != null) {
            openSegment(nextSegment);
        } else {
            position = end;
        }
        nextOffset = resumeAt;
        buffer.limit(0);
        bufferStart = position;
        durableAtFill = 0;
    }

    /** The bytes of the damaged stretch, for the dead letters; at most {@link #MAX_KEPT_BYTES} of them. */
    private byte[] bytes(long from, long end) throws IOException {
        ByteBuffer kept = ByteBuffer.allocate((int) Math.min(Math.max(0, end - from), MAX_KEPT_BYTES));
        while (kept.hasRemaining() && channel.read(kept, from + kept.position()) > 0) {
            // reads until the stretch (or the cap) is in
        }
        return kept.array();
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
        nextOffset = base;
        while (nextOffset < start) {
            if (frame() != null) {
                nextOffset++;
                continue;
            }
            // Damage before the start: committed records, nothing to report; find the start's frame or the next.
            SegmentScanner.Frame found = SegmentScanner.findNext(channel, position, channel.size(), nextOffset,
                    Long.MAX_VALUE);
            if (found == null) {
                nextOffset = start;
                position = channel.size();
                break;
            }
            position = found.position();
            nextOffset = found.offset();
            buffer.limit(0);
            bufferStart = position;
            durableAtFill = 0;
        }
        if (nextOffset > start) {
            poison.corrupt(log.partition(), log.segments().get(base).getFileName().toString(), start, nextOffset, 0,
                    new byte[0]);
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
