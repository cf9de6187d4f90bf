package org.openenos.edge.compute;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.edge.config.UploadConfig;
import org.openenos.edge.field.Sample;

/**
 * Decides which of a device's points are sent (reference §7 upload modes). REALTIME passes everything. TIMER
 * passes a device's points at most once per interval. CHANGE passes a point when its quality changes, when a
 * number moves more than the deadband from the last sent value, or when any other value differs.
 */
public final class UploadFilter {
    private final UploadConfig config;
    private final Map<String, Sample> lastSent = new HashMap<>();
    private long lastTimerUpload = Long.MIN_VALUE;

    public UploadFilter(UploadConfig config) {
        this.config = config;
    }

    public Map<String, Sample> filter(Map<String, Sample> points, long now) {
        return switch (config.mode()) {
            case REALTIME -> points;
            case TIMER -> {
                if (lastTimerUpload != Long.MIN_VALUE && now - lastTimerUpload < config.intervalMillis()) {
                    yield Map.of();
                }
                lastTimerUpload = now;
                yield points;
            }
            case CHANGE -> changed(points);
        };
    }

    private Map<String, Sample> changed(Map<String, Sample> points) {
        Map<String, Sample> out = new LinkedHashMap<>(points);
        for (Iterator<Map.Entry<String, Sample>> it = out.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Sample> e = it.next();
            Sample previous = lastSent.get(e.getKey());
            if (previous != null && !significant(previous, e.getValue())) {
                it.remove();
            } else {
                lastSent.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private boolean significant(Sample previous, Sample current) {
        if (previous.quality() != current.quality()) {
            return true;
        }
        if (!current.isGood()) {
            return false;
        }
        if (current.value() instanceof Number && previous.value() instanceof Number) {
            return Math.abs(current.asDouble() - previous.asDouble()) > config.deadband();
        }
        return !current.value().equals(previous.value());
    }
}
