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
import java.util.TreeMap;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;

/**
 * A consumer group of the embedded log with a single member reading all partitions. Committed offsets live in one
 * small file per group, replaced atomically (write, fsync, rename) so a crash leaves either the old or the new one.
 */
final class LogBusConsumer implements BusConsumer {
    private final LogTelemetryBus bus;
    private final Path offsetFile;
    private final Map<Integer, Long> committed = new TreeMap<>();
    private final List<PartitionReader> readers = new ArrayList<>();
    private int nextPartition;

    LogBusConsumer(LogTelemetryBus bus, String group, Path offsetFile) {
        this.bus = bus;
        this.offsetFile = offsetFile;
        loadOffsets();
        for (PartitionLog log : bus.logs()) {
            long start = Math.max(committed.getOrDefault(log.partition(), 0L), firstRetained(log));
            committed.put(log.partition(), start);
            readers.add(new PartitionReader(log, start));
        }
    }

    @Override
    public List<BusRecord> poll(Duration timeout, int maxRecords) {
        long deadline = System.nanoTime() + timeout.toNanos();
        var records = new ArrayList<BusRecord>();
        try {
            while (true) {
                // Round-robin in slices so that one busy partition cannot starve the others.
                int slice = Math.max(1, maxRecords / readers.size());
                boolean progress = true;
                while (progress && records.size() < maxRecords) {
                    progress = false;
                    for (int i = 0; i < readers.size() && records.size() < maxRecords; i++) {
                        PartitionReader reader = readers.get((nextPartition + i) % readers.size());
                        for (int n = 0; n < slice && records.size() < maxRecords; n++) {
                            BusRecord record = reader.next();
                            if (record == null) {
                                break;
                            }
                            records.add(record);
                            progress = true;
                        }
                    }
                }
                nextPartition = (nextPartition + 1) % readers.size();
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

    @Override
    public void commit(Map<Integer, Long> nextOffsets) {
        committed.putAll(nextOffsets);
        var text = new StringBuilder();
        committed.forEach((p, o) -> text.append(p).append(' ').append(o).append('\n'));
        Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
        try (var ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
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
        for (PartitionLog log : bus.logs()) {
            log.deleteConsumedBefore(committed.get(log.partition()));
        }
    }

    @Override
    public Map<Integer, Long> committed() {
        return Map.copyOf(committed);
    }

    private void loadOffsets() {
        if (!Files.exists(offsetFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(offsetFile, StandardCharsets.US_ASCII)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    committed.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read consumer offsets " + offsetFile, e);
        }
    }

    private static long firstRetained(PartitionLog log) {
        return log.segments().isEmpty() ? 0 : log.segments().firstKey();
    }

    @Override
    public void close() {
        readers.forEach(PartitionReader::close);
    }
}
