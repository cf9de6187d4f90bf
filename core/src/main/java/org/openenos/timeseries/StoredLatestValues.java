package org.openenos.timeseries;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openenos.model.MeasurePointValue;

/**
 * Latest values read from a store the nodes of a cluster share. A node's own cache could not answer them: its storage
 * stage stores only the bus partitions the consumer group gives it, and partitions move between nodes as nodes leave,
 * join and restart, so the cache missed assets the other node stored, kept values that had gone stale since their
 * partition moved away, and a restarted node (rebuilt from the store) answered differently from one that was not.
 * The store keeps the newest time of every series whatever the order of writes, so every node answers the same.
 */
public final class StoredLatestValues implements LatestValues {
    private final TimeSeriesStore store;

    public StoredLatestValues(TimeSeriesStore store) {
        if (!store.sharedByNodes()) {
            throw new IllegalArgumentException("latest values are read from a store only when the nodes share it");
        }
        this.store = store;
    }

    /** Nothing to do: the store recorded the newest time of each series as it stored the values. */
    @Override
    public void update(List<MeasurePointValue> values) {
    }

    @Override
    public Map<SeriesKey, MeasurePointValue> get(Collection<SeriesKey> series) {
        return store.latest(series);
    }

    @Override
    public boolean delete(SeriesKey key) {
        return store.deleteLatest(key);
    }
}
