package org.openenos.subscription.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of a subscription's log: append-only segment files named by their first offset. A frame is
 * {@code [int length][int crc32c][long offset][long timestamp][payload]}; the CRC covers offset, timestamp and
 * payload so a torn tail (SIGKILL mid-write) is found and cut off on open. Readers see only fsynced frames. Unlike
 * the telemetry log, segments are deleted by age (the retention window), not by what consumers committed: a
 * consumer group that stays away is not allowed to fill the disk.
 */
final class FeedPartition implements AutoCloseable {
    static final int HEADER = 24;
    private static final int READ_CHUNK = 64 << 10;
    /** Every this many frames the file position is remembered, so a read starts near its offset, not at 0. */
    private static final int INDEX_EVERY = 64;
    private static final Logger LOG = LoggerFactory.getLogger(FeedPartition.class);

    /** A stored frame: its offset, append time and payload (the message key and value). */
    record Frame(long offset, long timestamp, byte[] payload) {
    }

    private final Path dir;
    private final long segmentBytes;
    private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, Long> positions = new ConcurrentSkipListMap<>();
    private FileChannel active;
    private long activeSize;
    private long activeOpenedAt;
    private long lastAppendTime;
    /** Time of the last append of each closed segment (clock of the appends; file times for older ones). */
    private final java.util.Map<Long, Long> closedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private long nextOffset;
    private volatile long durableEnd;
    private boolean dirty;

    FeedPartition(Path dir, long segmentBytes, long now) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.segmentBytes = segmentBytes;
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".log")).forEach(p -> segments.put(base(p), p));
        }
        if (segments.isEmpty()) {
            openSegment(0, now);
        } else {
            recoverTail(now);
        }
        durableEnd = nextOffset;
    }

    long durableEnd() {
        return durableEnd;
    }

    /** The oldest offset still kept: everything below it expired. */
    long firstRetained() {
        return segments.isEmpty() ? nextOffset : segments.firstKey();
    }

    synchronized long append(long timestamp, byte[] payload) throws IOException {
        if (activeSize >= segmentBytes) {
            roll(timestamp);
        }
        long offset = nextOffset++;
        if (offset % INDEX_EVERY == 0) {
            positions.put(offset, activeSize);
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
        lastAppendTime = timestamp;
        frame.putInt(payload.length).putInt(crc(offset, timestamp, payload)).putLong(offset).putLong(timestamp)
                .put(payload).flip();
        while (frame.hasRemaining()) {
            activeSize += active.write(frame);
        }
        dirty = true;
        return offset;
    }

    /** Fsyncs what was appended and makes it visible to readers. */
    synchronized void force() throws IOException {
        if (dirty) {
            active.force(false);
            dirty = false;
            durableEnd = nextOffset;
        }
    }

    /**
     * Reads up to {@code max} durable frames from {@code offset} on. An offset below the first retained one reads
     * from the first retained one (the caller detects and reports the gap).
     */
    List<Frame> read(long offset, int max) throws IOException {
        var frames = new ArrayList<Frame>();
        long from = Math.max(offset, firstRetained());
        long end = durableEnd;
        while (from < end && frames.size() < max) {
            var segment = segments.floorEntry(from);
            var mark = positions.floorEntry(from);
            if (segment == null) {
                break;
            }
            long position = mark != null && mark.getKey() >= segment.getKey() ? mark.getValue() : 0;
            try (var ch = FileChannel.open(segment.getValue(), StandardOpenOption.READ)) {
                readSegment(ch, position, from, end, max, frames);
            } catch (java.nio.file.NoSuchFileException e) {
                // expired while reading: go on with what is left
            }
            long next = frames.isEmpty() ? from : frames.getLast().offset() + 1;
            if (next == from) {
                Long following = segments.higherKey(segment.getKey());
                if (following == null) {
                    break;
                }
                next = Math.max(from, following);
            }
            from = next;
        }
        return frames;
    }

    /* Parses frames out of large reads: one syscall per many small messages. */
    private static void readSegment(FileChannel ch, long position, long from, long end, int max, List<Frame> frames)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
        long bufferStart = position;
        buffer.limit(0);
        while (frames.size() < max) {
            if (buffer.remaining() < HEADER || buffer.remaining() < HEADER + buffer.getInt(buffer.position())) {
                int need = buffer.remaining() >= HEADER ? HEADER + buffer.getInt(buffer.position()) : HEADER;
                bufferStart += buffer.position();
                buffer = buffer.capacity() >= need ? buffer.clear() : ByteBuffer.allocate(need);
                int read = ch.read(buffer, bufferStart);
                buffer.flip();
                if (read <= 0 || buffer.remaining() < HEADER
                        || buffer.remaining() < HEADER + buffer.getInt(buffer.position())) {
                    return;
                }
            }
            int length = buffer.getInt();
            buffer.getInt();
            long offset = buffer.getLong();
            long timestamp = buffer.getLong();
            if (offset >= end) {
                return;
            }
            if (offset >= from) {
                byte[] payload = new byte[length];
                buffer.get(payload);
                frames.add(new Frame(offset, timestamp, payload));
            } else {
                buffer.position(buffer.position() + length);
            }
        }
    }

    /**
     * Deletes closed segments appended to last before {@code cutoff}, and rolls the active segment once it is older
     * than {@code rollAfterMillis}, so that expiry works in steps of that size. Returns the frames deleted.
     */
    synchronized long expire(long cutoff, long now, long rollAfterMillis) throws IOException {
        if (activeSize > 0 && now - activeOpenedAt >= rollAfterMillis) {
            roll(now);
        }
        long deleted = 0;
        for (var entry : segments.entrySet()) {
            Long next = segments.higherKey(entry.getKey());
            if (next == null) {
                break;
            }
            Long closed = closedAt.get(entry.getKey());
            long last = closed != null ? closed : Files.getLastModifiedTime(entry.getValue()).toMillis();
            if (last >= cutoff) {
                break;
            }
            closedAt.remove(entry.getKey());
            Files.deleteIfExists(entry.getValue());
            segments.remove(entry.getKey());
            positions.headMap(next).clear();
            deleted += next - entry.getKey();
        }
        return deleted;
    }

    static int crc(long offset, long timestamp, byte[] payload) {
        var crc = new CRC32C();
        crc.update(ByteBuffer.allocate(16).putLong(0, offset).putLong(8, timestamp));
        crc.update(payload);
        return (int) crc.getValue();
    }

    private void roll(long now) throws IOException {
        closedAt.put(segments.lastKey(), lastAppendTime);
        active.force(false);
        active.close();
        durableEnd = nextOffset;
        dirty = false;
        openSegment(nextOffset, now);
    }

    private void openSegment(long base, long now) throws IOException {
        Path file = dir.resolve("%020d.log".formatted(base));
        active = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        activeSize = active.size();
        activeOpenedAt = now;
        segments.put(base, file);
        nextOffset = base;
        try (var d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("directory fsync not supported here", e);
        }
    }

    private void recoverTail(long now) throws IOException {
        long base = segments.lastKey();
        Path file = segments.get(base);
        active = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long position = 0;
        long offset = base;
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (true) {
            header.clear();
            if (active.read(header, position) < HEADER) {
                break;
            }
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            long frameOffset = header.getLong();
            long timestamp = header.getLong();
            if (length < 0 || position + HEADER + length > active.size() || frameOffset != offset) {
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            active.read(payload, position + HEADER);
            if (crc(frameOffset, timestamp, payload.array()) != crc) {
                break;
            }
            if (offset % INDEX_EVERY == 0) {
                positions.put(offset, position);
            }
            lastAppendTime = timestamp;
            position += HEADER + length;
            offset++;
        }
        if (position < active.size()) {
            LOG.warn("subscription log {}: cutting {} torn bytes", dir, active.size() - position);
            active.truncate(position);
            active.force(true);
        }
        active.position(position);
        activeSize = position;
        activeOpenedAt = now;
        nextOffset = offset;
    }

    private static long base(Path p) {
        String name = p.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - 4));
    }

    static byte[] payload(String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + k.length + v.length).putInt(k.length).put(k).put(v).array();
    }

    static String key(byte[] payload) {
        int length = ByteBuffer.wrap(payload).getInt();
        return new String(payload, 4, length, StandardCharsets.UTF_8);
    }

    static String value(byte[] payload) {
        int length = ByteBuffer.wrap(payload).getInt();
        return new String(payload, 4 + length, payload.length - 4 - length, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        try {
            force();
            active.close();
        } catch (IOException e) {
            LOG.warn("closing subscription log {}", dir, e);
        }
    }
}
