package org.openenos.timeseries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.model.MeasurePointValue;
import org.openenos.security.PrivateFiles;

/**
 * The newest value of every series, in memory (EnOS keeps it in Redis), for a node with a store of its own (a store
 * the nodes share answers them itself, {@link StoredLatestValues}). It is rebuilt at start from the store and then
 * from the log replay; an update only wins when its time is not older, so replays are harmless. A deleted
 * latest value leaves a tombstone (the deleted time) in a small file, so a restart does not bring it back from the
 * history, which deleting the latest value keeps.
 */
public final class LatestValueCache implements LatestValues {
    /**
     * Asset id → point id → value. Asset ids are unique across organizations, so the org is checked on read rather
     * than made part of the key: the storage stage updates this map once per stored value, and a two-level map of
     * ids it already holds needs no key object per value (a {@code SeriesKey} per value was a visible share of the
     * stage's allocations).
     */
    private final Map<String, Map<String, MeasurePointValue>> latest = new ConcurrentHashMap<>();
    private final Map<SeriesKey, Long> tombstones = new ConcurrentHashMap<>();
    private final Path tombstoneFile;

    public LatestValueCache(Path tombstoneFile) {
        this.tombstoneFile = tombstoneFile;
        loadTombstones();
    }

    public void rebuildFrom(TimeSeriesStore store) {
        store.forEachLatest(this::update);
    }

    @Override
    public void update(List<MeasurePointValue> values) {
        values.forEach(this::update);
    }

    public void update(MeasurePointValue value) {
        if (!tombstones.isEmpty()) {
            Long deleted = tombstones.get(new SeriesKey(value.orgId(), value.assetId(), value.pointId()));
            if (deleted != null && value.time() <= deleted) {
                return;
            }
        }
        latest.computeIfAbsent(value.assetId(), a -> new ConcurrentHashMap<>())
                .merge(value.pointId(), value, (old, now) -> now.time() >= old.time() ? now : old);
    }

    public Optional<MeasurePointValue> get(SeriesKey key) {
        Map<String, MeasurePointValue> points = latest.get(key.assetId());
        MeasurePointValue value = points == null ? null : points.get(key.pointId());
        return Optional.ofNullable(value).filter(v -> key.orgId().equals(v.orgId()));
    }

    @Override
    public Map<SeriesKey, MeasurePointValue> get(Collection<SeriesKey> series) {
        var found = new HashMap<SeriesKey, MeasurePointValue>();
        series.forEach(key -> get(key).ifPresent(v -> found.put(key, v)));
        return found;
    }

    /** Removes the latest value of the series; returns whether there was one. */
    @Override
    public synchronized boolean delete(SeriesKey key) {
        MeasurePointValue removed = get(key).orElse(null);
        if (removed == null || !latest.get(key.assetId()).remove(key.pointId(), removed)) {
            return false;
        }
        tombstones.merge(key, removed.time(), Math::max);
        saveTombstones();
        return true;
    }

    private void loadTombstones() {
        if (!Files.exists(tombstoneFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(tombstoneFile, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 4) {
                    tombstones.put(new SeriesKey(f[0], f[1], f[2]), Long.parseLong(f[3]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tombstoneFile, e);
        }
    }

    private void saveTombstones() {
        var text = new StringBuilder();
        tombstones.forEach((k, t) -> text.append(k.orgId()).append('\t').append(k.assetId()).append('\t')
                .append(k.pointId()).append('\t').append(t).append('\n'));
        Path tmp = tombstoneFile.resolveSibling(tombstoneFile.getFileName() + ".tmp");
        try {
            try (var ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING),
                PrivateFiles.fileAttributes(tmp))) {
                ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, tombstoneFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tombstoneFile, e);
        }
    }
}
