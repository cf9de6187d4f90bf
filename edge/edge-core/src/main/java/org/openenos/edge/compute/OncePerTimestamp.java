package org.openenos.edge.compute;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.edge.field.Sample;

/**
 * Lets a measure point through once per sample time. An OPC UA value keeps its source timestamp, so a value that
 * did not change comes back with the same time at every read (and a subscription update of one point re-processes
 * the latest of the others): sending it again would only store copies of one reading.
 */
public final class OncePerTimestamp {
    private final Map<String, Long> lastSent = new HashMap<>();

    /** The points whose time differs from the one last let through for them. */
    public Map<String, Sample> filter(Map<String, Sample> points) {
        Map<String, Sample> out = new LinkedHashMap<>(points.size() * 2);
        points.forEach((id, sample) -> {
            Long previous = lastSent.put(id, sample.time());
            if (previous == null || previous != sample.time()) {
                out.put(id, sample);
            }
        });
        return out;
    }
}
