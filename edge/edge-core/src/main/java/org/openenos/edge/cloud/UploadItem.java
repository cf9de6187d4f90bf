package org.openenos.edge.cloud;

import java.util.Map;

/**
 * One element of a {@code thing.measurepoint.post.batch} / {@code resume.batch}: a sub-device's measure points at
 * one time. Values are already in wire form: a plain value, or {@code {value, quality}} for a point with quality.
 */
public record UploadItem(String productKey, String deviceKey, long time, Map<String, Object> measurepoints) {
    public UploadItem {
        measurepoints = Map.copyOf(measurepoints);
    }
}
