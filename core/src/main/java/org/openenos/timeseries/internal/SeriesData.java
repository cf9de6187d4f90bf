package org.openenos.timeseries.internal;

import java.time.ZoneId;
import java.util.List;

/** The values read for one series, ready to be shaped into items; {@code key} names the value in items. */
public record SeriesData(String assetId, String pointId, String key, ZoneId zone, List<Sample> samples) {

    /** One value: UTC ms, the value, its quality (null when none). */
    public record Sample(long time, Object value, Integer quality) {
    }
}
