package org.openenos.telemetry.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.CRC32C;
import org.openenos.security.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of the embedded log: a directory of append-only segment files named by their first offset. A frame
 * is {@code [int length][int crc32c][long offset][payload]}, the CRC covering offset and payload, so a torn write at
 * the tail (power loss, SIGKILL mid-write) is found and cut off on open. Only the writer thread appends; readers see
 * records below {@link #durableEnd()}, i.e. fsynced ones only.
 */
final class PartitionLog implements AutoCloseable {
    static final int HEADER = 16;
    private static final int UNWRITTEN_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    private final int partition;
    private final Path dir;
    private final long segmentBytes;
    private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    private FileChannel active;
    private long activeSize;
    private long activeBase;
    private long nextOffset;
    private volatile Durable durable;
    private boolean dirty;
    /** Frames appended and not yet written to {@link #active} (writer thread only). */
    private ByteBuffer unwritten = ByteBuffer.allocateDirect(UNWRITTEN_BYTES);
    private final AppendTimes appendTimes = new AppendTimes();

    /** What readers may read: offsets below {@code end}, which end at byte {@code bytes} of segment {@code segment}. */
    record Durable(long segment, long bytes, long end) {
    }

    PartitionLog(int partition, Path dir, long segmentBytes) throws IOException {
        this.partition = partition;
        this.dir = PrivateFiles.createDirectories(dir);
        this.segmentBytes = segmentBytes;
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .forEach(p -> segments.put(baseOffset(p), p));
        }
        if (segments.isEmpty()) {
            openSegment(0);
        } else {
            recoverTail();
        }
        durable = new Durable(activeBase, activeSize, nextOffset);
        appendTimes.opened(nextOffset, System.currentTimeMillis());
    }

    int partition() {
        return partition;
    }

    long durableEnd() {
        return durable.end();
    }

    Durable durable() {
        return durable;
    }

    AppendTimes appendTimes() {
        return appendTimes;
    }

    ConcurrentSkipListMap<Long, Path> segments() {
        return segments;
    }

    /**
     * Writer thread only. Returns the offset given to the record. The frame goes into {@link #unwritten} and reaches
     * the file at the next {@link #force()} (or when the buffer is full): one {@code write} per partition and group
     * commit instead of one per record. Nothing is acknowledged before that force, so a record still in the buffer
     * when the process dies was never acknowledged.
     */
    long append(byte[] payload) throws IOException {
        if (activeSize >= segmentBytes) {
            roll();
        }
        long offset = nextOffset++;
        int size = HEADER + payload.length;
        if (unwritten.remaining() < size) {
            writeUnwritten();
            if (unwritten.capacity() < size) {
                unwritten = ByteBuffer.allocateDirect(size);
            }
        }
        unwritten.putInt(payload.length).putInt(crc(offset, payload)).putLong(offset).put(payload);
        activeSize += size;
        dirty = true;
        return offset;
    }

    /** Writer thread only: fsyncs what was appended and makes it visible to readers. */
    void force() throws IOException {
        if (dirty) {
            writeUnwritten();
            active.force(false);
            dirty = false;
            durable = new Durable(activeBase, activeSize, nextOffset);
            appendTimes.durable(nextOffset, System.currentTimeMillis());
        }
    }

    /*
     * A failed write leaves at most a torn frame at the tail, which the next open cuts off (the CRC); the frames of
     * the failed batch are dropped with it, and their publishes fail.
     */
    private void writeUnwritten() throws IOException {
        unwritten.flip();
        try {
            while (unwritten.hasRemaining()) {
                active.write(unwritten);
            }
        } catch (IOException e) {
            activeSize = active.position();
            throw e;
        } finally {
            unwritten.clear();
        }
    }

    /** Deletes segments all of whose records lie below {@code committed}; the active segment always stays. */
    void deleteConsumedBefore(long committed) {
        for (var entry : segments.entrySet()) {
            Long next = segments.higherKey(entry.getKey());
            if (next == null || next > committed) {
                break;
            }
            try {
                Files.deleteIfExists(entry.getValue());
                segments.remove(entry.getKey());
            } catch (IOException e) {
                LOG.warn("cannot delete consumed segment {}", entry.getValue(), e);
            }
        }
    }

    static int crc(long offset, byte[] payload) {
        var crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, offset));
        crc.update(payload);
        return (int) crc.getValue();
    }

    private void roll() throws IOException {
        writeUnwritten();
        active.force(false);
        active.close();
        openSegment(nextOffset);
    }

    private void openSegment(long base) throws IOException {
        Path file = dir.resolve("%020d.log".formatted(base));
        active = FileChannel.open(file,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ),
                PrivateFiles.fileAttributes(dir));
        activeSize = active.size();
        segments.put(base, file);
        activeBase = base;
        nextOffset = base;
        // The new file's directory entry must survive a crash as well as its content.
        forceDirectory();
    }

    private void recoverTail() throws IOException {
        long base = segments.lastKey();
        Path file = segments.get(base);
        active = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        activeBase = base;
        var scan = SegmentScanner.scan(active, base);
        if (scan.corruptBytes() > 0) {
            LOG.error("partition {}: {} corrupt bytes in the middle of {}; the records after them are kept and "
                    + "readers skip the damage", partition, scan.corruptBytes(), file.getFileName());
        }
        if (scan.validBytes() < active.size()) {
            LOG.warn("partition {}: cutting {} torn bytes at the end of {}", partition,
                    active.size() - scan.validBytes(), file.getFileName());
            active.truncate(scan.validBytes());
            active.force(true);
        }
        active.position(scan.validBytes());
        activeSize = scan.validBytes();
        nextOffset = scan.nextOffset();
    }

    private void forceDirectory() {
        try (var d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("directory fsync not supported here", e);
        }
    }

    private static long baseOffset(Path p) {
        String name = p.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - 4));
    }

    @Override
    public void close() {
        try {
            force();
            active.close();
        } catch (IOException e) {
            LOG.warn("closing partition {}", partition, e);
        }
    }
}
