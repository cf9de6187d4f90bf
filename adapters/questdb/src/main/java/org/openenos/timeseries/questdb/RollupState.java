package org.openenos.timeseries.questdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.openenos.security.PrivateFiles;

/**
 * What the rollups cover, kept in a small file so that a restart neither loses nor repeats work: per level the
 * watermark (every window that ends at or before it is rolled up), the last revision used, and the <em>dirty</em>
 * ranges, per asset, where values arrived after their windows had been rolled up (late data, resumed devices). Dirty
 * ranges are written (with fsync) before the late values are committed to the raw table, so a crash between the two
 * can only cause a needless recomputation, never a stale rollup. Readers do not use rollups over a dirty range.
 *
 * <p>Thread-safe: the raw writer thread marks dirty ranges, the maintenance thread advances watermarks and clears
 * the ranges it recomputed, query threads read.
 */
final class RollupState {
    /** The key of a dirty range that covers every asset (too many assets to track one by one). */
    static final String ALL_ASSETS = "*";
    private static final int MAX_DIRTY_ASSETS = 10_000;

    record Range(long from, long to) {
        Range union(Range other) {
            return new Range(Math.min(from, other.from), Math.max(to, other.to));
        }
    }

    private final Path file;
    private final EnumMap<RollupLevel, Long> watermarks = new EnumMap<>(RollupLevel.class);
    private Map<String, Range> dirty = new HashMap<>();
    /** Ranges being recomputed by the maintenance pass: still dirty for readers until the pass finishes. */
    private Map<String, Range> recomputing = new HashMap<>();
    private long revision;

    private RollupState(Path file) {
        this.file = file;
    }

    static RollupState load(Path file) {
        var state = new RollupState(file);
        if (!Files.exists(file)) {
            return state;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                switch (f[0]) {
                    case "revision" -> state.revision = Long.parseLong(f[1]);
                    case "watermark" -> state.watermarks.put(RollupLevel.valueOf(f[1]), Long.parseLong(f[2]));
                    case "dirty" -> state.dirty.merge(f[1], new Range(Long.parseLong(f[2]), Long.parseLong(f[3])),
                            Range::union);
                    default -> { } // a line of a later version: ignored
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return state;
    }

    synchronized boolean started() {
        return !watermarks.isEmpty();
    }

    /** Every window of {@code level} ending at or before this is rolled up; {@link Long#MIN_VALUE} before the first pass. */
    synchronized long watermark(RollupLevel level) {
        return watermarks.getOrDefault(level, Long.MIN_VALUE);
    }

    synchronized void setWatermarks(Map<RollupLevel, Long> marks) {
        watermarks.putAll(marks);
        save();
    }

    /** A revision higher than any used before, persisted first so it is never handed out twice. */
    synchronized long nextRevision() {
        revision++;
        save();
        return revision;
    }

    /** Marks {@code [from, to)} of each asset dirty and persists it (called before the late values are committed). */
    synchronized void markDirty(Map<String, Range> ranges) {
        ranges.forEach((asset, range) -> dirty.merge(asset.contains("\t") || asset.contains("\n") ? ALL_ASSETS : asset,
                range, Range::union));
        if (dirty.size() > MAX_DIRTY_ASSETS) {
            Range all = dirty.values().stream().reduce(Range::union).orElseThrow();
            dirty = new HashMap<>(Map.of(ALL_ASSETS, all));
        }
        save();
    }

    /** Moves the dirty ranges to "being recomputed" and returns them. */
    synchronized Map<String, Range> takeDirty() {
        recomputing.putAll(dirty);
        dirty = new HashMap<>();
        save();
        return Map.copyOf(recomputing);
    }

    /** The recomputation of the ranges returned by {@link #takeDirty} is committed. */
    synchronized void recomputed() {
        recomputing = new HashMap<>();
        save();
    }

    /**
     * The earliest time at or after {@code from} from which rollups of these assets must not be trusted, or
     * {@link Long#MAX_VALUE}.
     */
    synchronized long firstDirty(Collection<String> assets, long from) {
        long first = Long.MAX_VALUE;
        for (Map<String, Range> map : java.util.List.of(dirty, recomputing)) {
            if (map.isEmpty()) {
                continue;
            }
            first = Math.min(first, firstDirty(map.get(ALL_ASSETS), from));
            for (String asset : assets) {
                first = Math.min(first, firstDirty(map.get(asset), from));
            }
        }
        return first;
    }

    private static long firstDirty(Range range, long from) {
        return range == null || range.to() <= from ? Long.MAX_VALUE : Math.max(from, range.from());
    }

    private void save() {
        var text = new StringBuilder("revision\t").append(revision).append('\n');
        watermarks.forEach((level, mark) -> text.append("watermark\t").append(level).append('\t').append(mark)
                .append('\n'));
        for (Map<String, Range> map : java.util.List.of(recomputing, dirty)) {
            map.forEach((asset, r) -> text.append("dirty\t").append(asset).append('\t').append(r.from()).append('\t')
                    .append(r.to()).append('\n'));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING),
                PrivateFiles.fileAttributes(tmp))) {
            ch.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
    }
}
