package org.openenos.telemetry.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.openenos.telemetry.BusRecord;

/** A consumer's cursor over one partition: the segment it is in, the byte position and the next offset. */
final class PartitionReader implements AutoCloseable {
    private final PartitionLog log;
    private FileChannel channel;
    private long segmentBase = -1;
    private long position;
    private long nextOffset;

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
        var frame = SegmentScanner.read(channel, position, nextOffset);
        if (frame == null) {
            // The current segment is complete: continue with the next one.
            Long next = log.segments().higherKey(segmentBase);
            if (next == null || next != nextOffset) {
                throw new IOException("partition " + log.partition() + ": record " + nextOffset + " is missing");
            }
            openSegment(next);
            frame = SegmentScanner.read(channel, position, nextOffset);
            if (frame == null) {
                throw new IOException("partition " + log.partition() + ": record " + nextOffset + " is unreadable");
            }
        }
        position = frame.nextPosition();
        long offset = nextOffset++;
        try {
            return new BusRecord(log.partition(), offset, ValueCodec.decode(frame.payload()),
                    ValueCodec.mayRepeat(frame.payload()));
        } catch (IllegalArgumentException e) {
            throw new IOException("partition " + log.partition() + ": record " + offset + " cannot be decoded", e);
        }
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
        for (long o = base; o < nextOffset; o++) {
            var frame = SegmentScanner.read(channel, position, o);
            if (frame == null) {
                throw new IOException("partition " + log.partition() + ": cannot seek to " + nextOffset);
            }
            position = frame.nextPosition();
        }
    }

    private void openSegment(long base) throws IOException {
        close();
        channel = FileChannel.open(log.segments().get(base), StandardOpenOption.READ);
        segmentBase = base;
        position = 0;
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
