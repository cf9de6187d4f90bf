package org.openenos.timeseries;

/** One series: a measure point of an asset, within the organization that owns it. */
public record SeriesKey(String orgId, String assetId, String pointId) {
}
