package org.openenos.edge.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.openenos.edge.cloud.UploadItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store-and-forward buffer: an append-only log of upload items in segment files, plus an acknowledged
 * position. Items are read in append (= time) order and removed only after {@link #acknowledge(Batch)}, i.e. after
 * the cloud confirmed them; the acknowledged position survives a restart. When the log outgrows its size bound the
 * oldest segment is dropped, acknowledged or not, and the lost items are counted (see ADR 0051 for the format).
 */
public final class ForwardLog<T> implements AutoCloseable {
    /** How one entry is written into a record's payload and read back. */
    public interface Codec<T> {
        byte[] encode(T entry);

        T decode(byte[] payload);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ForwardLog.class);

    /** A batch read from the log; acknowledging it moves the read position past it. */
    public record Batch<T>(List<T> items, long lastSequence, Cursor next) {
        public boolean isEmpty() {
            return items.isEmpty();
        }
    }

    /** A read position: the segment index, the byte offset in it and the sequence found there. */
    public record Cursor(long segmentBase, long position, long sequence) {
    }

    private final Codec<T> codec;
    private final Path directory;
    private final long maxBytes;
    private final long segmentBytes;
    private final boolean fsync;
    private final AckFile ackFile;
    private final List<Segment> segments = new ArrayList<>();
    private long nextSequence;
    private long acknowledged;
    private Cursor cursor;
    private long dropped;

    /** The log of measure point upload items. */
    public static ForwardLog<UploadItem> items(Path directory, long maxBytes, long segmentBytes, boolean fsync) {
        return new ForwardLog<>(directory, maxBytes, segmentBytes, fsync, ItemCodec.CODEC);
    }

    public ForwardLog(Path directory, long maxBytes, long segmentBytes, boolean fsync, Codec<T> codec) {
        this.codec = codec;
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        try {
            Files.createDirectories(directory);
            this.ackFile = new AckFile(directory.resolve("acknowledged"));
            this.acknowledged = ackFile.read();
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(Segment.SUFFIX)).sorted().toList()) {
                    segments.add(Segment.recover(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the store-and-forward log in " + directory, e);
        }
        nextSequence = segments.isEmpty() ? acknowledged + 1 : Math.max(acknowledged + 1, segments.getLast().nextSequence());
        cursor = seek(acknowledged + 1);
        LOG.info("store-and-forward log {}: {} pending items in {} segments", directory, depth(), segments.size());
    }

    /** The directory of the log, where files kept beside it (such as set-aside batches) belong too. */
    public Path directory() {
        return directory;
    }

    /** Appends items in order; with fsync they are on disk when this returns. */
    public synchronized void append(List<T> items) {
        if (items.isEmpty()) {
            return;
        }
        try {
            Segment active = segments.isEmpty() || segments.getLast().size() >= segmentBytes ? roll() : segments.getLast();
            ByteBuffer buffer = ByteBuffer.allocate(items.size() * 256);
            for (T item : items) {
                byte[] payload = codec.encode(item);
                if (buffer.remaining() < payload.length + Segment.HEADER) {
                    buffer = grow(buffer, payload.length + Segment.HEADER);
                }
                CRC32C crc = new CRC32C();
                crc.update(payload);
                buffer.putInt(payload.length).putInt((int) crc.getValue()).putLong(nextSequence++).put(payload);
            }
            buffer.flip();
            active.append(buffer, nextSequence, fsync);
            enforceBound();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the store-and-forward log", e);
        }
    }

    /** Reads up to {@code max} unacknowledged items from the read position; nothing is removed. */
    public synchronized Batch<T> peek(int max) {
        List<T> items = new ArrayList<>();
        Cursor at = cursor != null ? cursor : seek(acknowledged + 1);
        long last = acknowledged;
        try {
            while (items.size() < max && at != null) {
                Segment segment = segment(at.segmentBase());
                if (segment == null) {
                    // The cursor's segment was fully delivered and deleted: continue where the next item lives.
                    at = seek(last + 1);
                    segment = at == null ? null : segment(at.segmentBase());
                    if (segment == null) {
                        break;
                    }
                }
                Segment.Record record = segment.read(at.position());
                if (record == null) {
                    Segment following = after(segment);
                    at = following == null ? at : new Cursor(following.base(), 0, following.base());
                    if (following == null) {
                        break;
                    }
                    continue;
                }
                items.add(codec.decode(record.payload()));
                last = record.sequence();
                at = new Cursor(segment.base(), record.nextPosition(), record.sequence() + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the store-and-forward log", e);
        }
        return new Batch<>(List.copyOf(items), last, at);
    }

    /** Marks a peeked batch as delivered: persists the position and deletes fully delivered segments. */
    public synchronized void acknowledge(Batch<T> batch) {
        if (batch.isEmpty() || batch.lastSequence() <= acknowledged) {
            return;
        }
        try {
            acknowledged = batch.lastSequence();
            ackFile.write(acknowledged);
            cursor = batch.next();
            while (segments.size() > 1 && segments.getFirst().nextSequence() <= acknowledged + 1) {
                segments.removeFirst().delete();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the acknowledged position", e);
        }
    }

    /** Items appended and not yet acknowledged. */
    public synchronized long depth() {
        return Math.max(0, nextSequence - 1 - Math.max(acknowledged, firstSequence() - 1));
    }

    public synchronized long bytes() {
        return segments.stream().mapToLong(Segment::size).sum();
    }

    /** Items lost because the log outgrew its bound. */
    public synchronized long dropped() {
        return dropped;
    }

    private long firstSequence() {
        return segments.isEmpty() ? nextSequence : segments.getFirst().base();
    }

    private Segment roll() throws IOException {
        Segment segment = Segment.create(directory, nextSequence);
        segments.add(segment);
        return segment;
    }

    private void enforceBound() throws IOException {
        while (segments.size() > 1 && bytes() > maxBytes) {
            Segment oldest = segments.removeFirst();
            long lost = oldest.nextSequence() - Math.max(oldest.base(), acknowledged + 1);
            if (lost > 0) {
                dropped += lost;
                LOG.warn("store-and-forward log is full ({} bytes): dropped {} oldest items", maxBytes, lost);
            }
            oldest.delete();
            if (cursor == null || cursor.segmentBase() <= oldest.base()) {
                Segment first = segments.getFirst();
                cursor = new Cursor(first.base(), 0, first.base());
            }
        }
    }

    private Cursor seek(long sequence) {
        for (Segment segment : segments) {
            if (segment.nextSequence() > sequence) {
                try {
                    return new Cursor(segment.base(), segment.positionOf(sequence), Math.max(sequence, segment.base()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return segments.isEmpty() ? null : new Cursor(segments.getLast().base(), segments.getLast().size(), nextSequence);
    }

    private Segment segment(long base) {
        for (Segment segment : segments) {
            if (segment.base() == base) {
                return segment;
            }
        }
        return null;
    }

    private Segment after(Segment segment) {
        int index = segments.indexOf(segment);
        return index >= 0 && index + 1 < segments.size() ? segments.get(index + 1) : null;
    }

    private static ByteBuffer grow(ByteBuffer buffer, int needed) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + needed));
        buffer.flip();
        return bigger.put(buffer);
    }

    @Override
    public synchronized void close() {
        for (Segment segment : segments) {
            segment.close();
        }
    }

    /** The acknowledged sequence number, replaced atomically so a crash leaves the old or the new value. */
    private record AckFile(Path path) {
        long read() throws IOException {
            return Files.exists(path) ? Long.parseLong(Files.readString(path).trim()) : 0;
        }

        void write(long sequence) throws IOException {
            Path temp = path.resolveSibling(path.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(Long.toString(sequence).getBytes()));
                channel.force(true);
            }
            Files.move(temp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
