package org.openenos.sdk;

import java.util.Map;

/**
 * One entry of a measure point post: for {@code device} (null: the connected device itself), at {@code time} (epoch
 * ms), the values by measure point id. A value is a number, string, boolean, a {@code {value, quality}} map, a struct
 * map or an array (reference §3.1).
 */
public record MeasurepointItem(DeviceId device, long time, Map<String, Object> measurepoints) {
    public MeasurepointItem {
        measurepoints = Map.copyOf(measurepoints);
    }

    public static MeasurepointItem now(Map<String, Object> measurepoints) {
        return new MeasurepointItem(null, System.currentTimeMillis(), measurepoints);
    }
}
