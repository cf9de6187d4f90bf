package org.openenos.telemetry.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.openenos.security.PrivateFiles;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.PoisonRecordHandler;

/**
 * A consumer group of the embedded log with a single member reading all partitions, oldest record first. Committed offsets live in one
 * small file per group, replaced atomically (write, fsync, rename) so a crash leaves either the old or the new one.
 */
final class LogBusConsumer implements BusConsumer {
    private static final int MAX_SKIPPED_POLLS = 16;
    private final LogTelemetryBus bus;
    private final String group;
    private final Path offsetFile;
    private final Map<Integer, Long> committed = new TreeMap<>();
    private final List<PartitionReader> readers = new ArrayList<>();
    // Records read ahead, one per partition, to compare their times; they are not delivered until taken.
    private final BusRecord[] heads;
    private final long[] headTime;
    private final int[] skippedPolls;

    LogBusConsumer(LogTelemetryBus bus, String group, Path offsetFile, PoisonRecordHandler poison) {
        this.bus = bus;
        this.group = group;
        this.offsetFile = offsetFile;
        loadOffsets();
        for (PartitionLog log : bus.logs()) {
            long start = Math.max(committed.getOrDefault(log.partition(), 0L), firstRetained(log));
            committed.put(log.partition(), start);
            readers.add(new PartitionReader(log, start, poison));
        }
        heads = new BusRecord[readers.size()];
        headTime = new long[readers.size()];
        skippedPolls = new int[readers.size()];
        if (!Files.exists(offsetFile)) {
            // Registers the group's start at once: segments it has not read are kept from now on.
            commit(Map.of());
        }
    }

    @Override
    public List<BusRecord> poll(Duration timeout, int maxRecords) {
        long deadline = System.nanoTime() + timeout.toNanos();
        var records = new ArrayList<BusRecord>();
        try {
            while (true) {
                serveStarved(records, maxRecords);
                mergeOldestFirst(records, maxRecords);
                long left = deadline - System.nanoTime();
                if (!records.isEmpty() || left <= 0) {
                    return records;
                }
                if (readers.stream().noneMatch(PartitionReader::hasDurableRecords)) {
                    bus.awaitAppend(Math.min(left / 1_000_000, 50));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return records;
        }
    }

    /*
     * Oldest first: each step takes the partition whose next record is oldest, so a poll is one run in time order
     * and the next poll starts where it ended. Round-robin slices made a lagging partition's records reach behind
     * rows the store had already committed, which costs the store its slow out-of-order path (ADR 0067).
     */
    private void mergeOldestFirst(List<BusRecord> records, int maxRecords) throws IOException {
        boolean[] served = new boolean[readers.size()];
        while (records.size() < maxRecords) {
            int oldest = -1;
            for (int i = 0; i < readers.size(); i++) {
                if (head(i) != null && (oldest < 0 || headTime[i] < headTime[oldest])) {
                    oldest = i;
                }
            }
            if (oldest < 0) {
                break;
            }
            records.add(take(oldest));
            served[oldest] = true;
        }
        for (int i = 0; i < readers.size(); i++) {
            skippedPolls[i] = served[i] || heads[i] == null ? 0 : skippedPolls[i] + 1;
        }
    }

    /*
     * A partition whose records are always the newest (a device clock running ahead) would never be oldest while
     * the others have a backlog: after some polls without a turn it gets a round-robin slice first.
     */
    private void serveStarved(List<BusRecord> records, int maxRecords) throws IOException {
        int slice = Math.max(1, maxRecords / readers.size());
        for (int i = 0; i < readers.size(); i++) {
            if (skippedPolls[i] < MAX_SKIPPED_POLLS) {
                continue;
            }
            for (int n = 0; n < slice && records.size() < maxRecords && head(i) != null; n++) {
                records.add(take(i));
            }
            skippedPolls[i] = 0;
        }
    }

    /** The next record of partition reader {@code i}, read ahead and kept until taken; null if none is durable. */
    private BusRecord head(int i) throws IOException {
        if (heads[i] == null) {
            BusRecord next = readers.get(i).next();
            if (next == null) {
                return null;
            }
            heads[i] = next;
            headTime[i] = oldestTime(next);
        }
        return heads[i];
    }

    private BusRecord take(int i) {
        BusRecord record = heads[i];
        heads[i] = null;
        return record;
    }

    private static long oldestTime(BusRecord record) {
        long oldest = Long.MAX_VALUE;
        for (var v : record.values()) {
            oldest = Math.min(oldest, v.time());
        }
        return oldest;
    }

    @Override
    public void commit(Map<Integer, Long> nextOffsets) {
        committed.putAll(nextOffsets);
        var text = new StringBuilder();
        committed.forEach((p, o) -> text.append(p).append(' ').append(o).append('\n'));
        Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
        try (var ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), PrivateFiles.fileAttributes(tmp))) {
            ch.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write consumer offsets", e);
        }
        try {
            Files.move(tmp, offsetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace consumer offsets", e);
        }
        bus.committed(group, committed);
    }

    /*
     * The readers are only told their new position; they open the segment and find it at their next read, so a
     * group that skips every second while nothing subscribes reads nothing at all.
     */
    @Override
    public boolean skipTo(Map<Integer, Long> nextOffsets) {
        var moved = new TreeMap<Integer, Long>();
        for (int i = 0; i < readers.size(); i++) {
            PartitionReader reader = readers.get(i);
            Long target = nextOffsets.get(reader.partition());
            long at = heads[i] != null ? heads[i].offset() : reader.nextOffset();
            if (target != null && target > at) {
                heads[i] = null;
                skippedPolls[i] = 0;
                moved.put(reader.partition(), reader.skipTo(target));
            }
        }
        if (!moved.isEmpty()) {
            commit(moved);
        }
        return true;
    }

    @Override
    public Map<Integer, Long> committed() {
        return Map.copyOf(committed);
    }

    private void loadOffsets() {
        committed.putAll(readOffsets(offsetFile));
    }

    static Map<Integer, Long> readOffsets(Path file) {
        var offsets = new TreeMap<Integer, Long>();
        if (!Files.exists(file)) {
            return offsets;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read consumer offsets " + file, e);
        }
        return offsets;
    }

    private static long firstRetained(PartitionLog log) {
        return log.segments().isEmpty() ? 0 : log.segments().firstKey();
    }

    @Override
    public void close() {
        readers.forEach(PartitionReader::close);
    }
}
