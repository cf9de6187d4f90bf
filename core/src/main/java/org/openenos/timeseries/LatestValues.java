package org.openenos.timeseries;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openenos.model.MeasurePointValue;

/**
 * The newest value of each series, as the latest queries answer it: kept by this node ({@link LatestValueCache}) when
 * the node has a store of its own, read from the store ({@link StoredLatestValues}) when the nodes of a cluster share
 * it, since a node's storage stage sees only the bus partitions it owns at the time.
 */
public interface LatestValues {

    /** Told of values just stored; a value only wins over the one known when its time is not older. */
    void update(List<MeasurePointValue> values);

    /** The newest value of each of {@code series} that has one (of the series' organization). */
    Map<SeriesKey, MeasurePointValue> get(Collection<SeriesKey> series);

    /**
     * Removes the latest value of the series (its history stays), so that neither a replay nor a restart brings back
     * a value that is not newer; returns whether there was one.
     */
    boolean delete(SeriesKey key);
}
