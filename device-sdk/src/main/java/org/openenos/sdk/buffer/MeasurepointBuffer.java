package org.openenos.sdk.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * An append-only, fsynced file of measure point posts that are not yet acknowledged by the server (store and
 * forward). Two record types: PUT (an entry) and ACK (an entry's sequence, acknowledged). Replaying the file
 * rebuilds the set of open entries; a torn tail after a crash (short record or bad checksum) is cut off.
 *
 * <p>Record layout, big-endian: {@code int bodyLength, byte type, long sequence, body, int crc32c(type..body)}. A PUT
 * body is {@code short pkLen, pk, short dkLen, dk, long time, json}; an ACK body is empty.
 *
 * <p>The file is rewritten (to a temporary file, fsynced, then atomically moved) when no entry is open or when the
 * acknowledged records outweigh the open ones, so it stays near the size of the outstanding data.
 */
public final class MeasurepointBuffer implements AutoCloseable {
    private static final byte PUT = 1;
    private static final byte ACK = 2;
    private static final int HEADER = 4 + 1 + 8;
    private static final int TRAILER = 4;

    private final Path file;
    private final long maxBytes;
    private final Map<Long, BufferedPoints> open = new LinkedHashMap<>();
    private FileChannel channel;
    private long nextSequence = 1;
    private long acknowledgedRecords;

    private MeasurepointBuffer(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** Opens (or creates) the buffer file and recovers its open entries. */
    public static MeasurepointBuffer open(Path file, long maxBytes) {
        MeasurepointBuffer buffer = new MeasurepointBuffer(file, maxBytes);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            buffer.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open measure point buffer " + file, e);
        }
        return buffer;
    }

    /** Appends entries durably (one fsync for all); returns them with their sequence numbers. */
    public synchronized List<BufferedPoints> append(List<PendingPoints> entries) {
        List<BufferedPoints> written = new ArrayList<>(entries.size());
        List<ByteBuffer> records = new ArrayList<>(entries.size());
        long bytes = 0;
        long sequence = nextSequence;
        for (PendingPoints entry : entries) {
            BufferedPoints points = new BufferedPoints(sequence++, entry.productKey(), entry.deviceKey(),
                    entry.time(), entry.measurepointsJson());
            ByteBuffer record = record(PUT, points.sequence(), putBody(points));
            bytes += record.remaining();
            records.add(record);
            written.add(points);
        }
        try {
            if (channel.size() + bytes > maxBytes) {
                throw new BufferFullException("measure point buffer is full (" + maxBytes + " bytes); "
                        + entries.size() + " entries not buffered");
            }
            write(records);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write measure point buffer " + file, e);
        }
        nextSequence = sequence;
        written.forEach(p -> open.put(p.sequence(), p));
        return written;
    }

    /** Marks entries as acknowledged by the server; they will not be replayed again. */
    public synchronized void acknowledge(List<Long> sequences) {
        List<ByteBuffer> records = new ArrayList<>();
        for (Long sequence : sequences) {
            if (open.remove(sequence) != null) {
                records.add(record(ACK, sequence, new byte[0]));
            }
        }
        if (records.isEmpty()) {
            return;
        }
        try {
            write(records);
            acknowledgedRecords += records.size();
            if (open.isEmpty() || acknowledgedRecords > 1024 && acknowledgedRecords > 2L * open.size()) {
                compact();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write measure point buffer " + file, e);
        }
    }

    /** The open entries in time order (then in write order), oldest first. */
    public synchronized List<BufferedPoints> pending() {
        List<BufferedPoints> list = new ArrayList<>(open.values());
        list.sort(Comparator.comparingLong(BufferedPoints::time).thenComparingLong(BufferedPoints::sequence));
        return list;
    }

    public synchronized int size() {
        return open.size();
    }

    public synchronized long fileBytes() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(List<ByteBuffer> records) throws IOException {
        channel.write(records.toArray(ByteBuffer[]::new));
        channel.force(false);
    }

    private void recover() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = channel.size();
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE));
        while (all.hasRemaining() && channel.read(all, all.position()) > 0) {
            // read the whole file: a buffer holds outage data, bounded by maxBytes
        }
        all.flip();
        long good = 0;
        while (all.remaining() >= HEADER + TRAILER) {
            int start = all.position();
            int bodyLength = all.getInt();
            if (bodyLength < 0 || all.remaining() < 1 + 8 + bodyLength + TRAILER) {
                break;
            }
            byte type = all.get();
            long sequence = all.getLong();
            byte[] body = new byte[bodyLength];
            all.get(body);
            int crc = all.getInt();
            if (crc != checksum(type, sequence, body)) {
                break;
            }
            if (type == PUT) {
                open.put(sequence, parsePut(sequence, body));
            } else if (type == ACK) {
                open.remove(sequence);
                acknowledgedRecords++;
            }
            nextSequence = Math.max(nextSequence, sequence + 1);
            good = all.position();
            assert good > start;
        }
        if (good < size) {
            // a torn or corrupt tail from a crash mid-write: nothing after it was ever fsynced as a whole
            channel.truncate(good);
            channel.force(false);
        }
        channel.position(good);
        if (acknowledgedRecords > 0) {
            compact();
        }
    }

    private void compact() throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (BufferedPoints points : open.values()) {
                ByteBuffer record = record(PUT, points.sequence(), putBody(points));
                while (record.hasRemaining()) {
                    out.write(record);
                }
            }
            out.force(true);
        }
        channel.close();
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.position(channel.size());
        acknowledgedRecords = 0;
    }

    private static byte[] putBody(BufferedPoints points) {
        byte[] pk = points.productKey().getBytes(StandardCharsets.UTF_8);
        byte[] dk = points.deviceKey().getBytes(StandardCharsets.UTF_8);
        byte[] json = points.measurepointsJson().getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(2 + pk.length + 2 + dk.length + 8 + json.length);
        body.putShort((short) pk.length).put(pk).putShort((short) dk.length).put(dk).putLong(points.time()).put(json);
        return body.array();
    }

    private static BufferedPoints parsePut(long sequence, byte[] bytes) {
        ByteBuffer body = ByteBuffer.wrap(bytes);
        String pk = string(body, body.getShort());
        String dk = string(body, body.getShort());
        long time = body.getLong();
        String json = string(body, body.remaining());
        return new BufferedPoints(sequence, pk, dk, time, json);
    }

    private static String string(ByteBuffer body, int length) {
        byte[] bytes = new byte[length];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ByteBuffer record(byte type, long sequence, byte[] body) {
        ByteBuffer record = ByteBuffer.allocate(HEADER + body.length + TRAILER);
        record.putInt(body.length).put(type).putLong(sequence).put(body).putInt(checksum(type, sequence, body));
        return record.flip();
    }

    private static int checksum(byte type, long sequence, byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(type);
        crc.update(ByteBuffer.allocate(8).putLong(0, sequence));
        crc.update(body);
        return (int) crc.getValue();
    }
}
