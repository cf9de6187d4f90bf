package org.openenos.edge.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment file of the {@link ForwardLog}, named by the sequence number of its first record. A record is
 * {@code [int length][int crc32c][long sequence][payload]}; a torn or corrupt tail (power loss mid-write) is cut
 * off on recovery, so the log never returns a half-written item.
 */
final class Segment {
    static final String SUFFIX = ".seg";
    static final int HEADER = 16;
    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);

    record Record(long sequence, byte[] payload, long nextPosition) {
    }

    private final long base;
    private final Path path;
    private final FileChannel channel;
    private long size;
    private long nextSequence;

    private Segment(long base, Path path, FileChannel channel, long size, long nextSequence) {
        this.base = base;
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.nextSequence = nextSequence;
    }

    static Segment create(Path directory, long base) throws IOException {
        Path path = directory.resolve(String.format("%020d%s", base, SUFFIX));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(base, path, channel, channel.size(), base);
    }

    static Segment recover(Path path) throws IOException {
        String name = path.getFileName().toString();
        long base = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(base, path, channel, channel.size(), base);
        long position = 0;
        long length = channel.size();
        segment.size = length;
        while (true) {
            Record record = segment.read(position);
            if (record == null) {
                break;
            }
            segment.nextSequence = record.sequence() + 1;
            position = record.nextPosition();
        }
        if (position < length) {
            LOG.warn("store-and-forward segment {}: cutting a torn tail of {} bytes", path, length - position);
            channel.truncate(position);
            channel.force(true);
        }
        segment.size = position;
        return segment;
    }

    /** The record at {@code position}, or null at the end or at a torn / corrupt record. */
    Record read(long position) throws IOException {
        if (position + HEADER > size) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(header, position);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        long sequence = header.getLong();
        if (length < 0 || position + HEADER + length > size) {
            return null;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(payload, position + HEADER);
        CRC32C check = new CRC32C();
        check.update(payload.array());
        if ((int) check.getValue() != crc) {
            return null;
        }
        return new Record(sequence, payload.array(), position + HEADER + length);
    }

    long positionOf(long sequence) throws IOException {
        long position = 0;
        Record record;
        while ((record = read(position)) != null && record.sequence() < sequence) {
            position = record.nextPosition();
        }
        return position;
    }

    void append(ByteBuffer records, long nextSequence, boolean fsync) throws IOException {
        long position = size;
        while (records.hasRemaining()) {
            position += channel.write(records, position);
        }
        if (fsync) {
            channel.force(false);
        }
        size = position;
        this.nextSequence = nextSequence;
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("unexpected end of " + path);
            }
        }
    }

    long base() {
        return base;
    }

    long size() {
        return size;
    }

    long nextSequence() {
        return nextSequence;
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", path, e.toString());
        }
    }
}
