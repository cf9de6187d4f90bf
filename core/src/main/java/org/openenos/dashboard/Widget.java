package org.openenos.dashboard;

import java.util.List;

/**
 * One tile of a dashboard: its kind, its place on the grid (columns 0–11, rows from 0) and the points it shows.
 * {@code min}/{@code max} bound a gauge; {@code rangeMinutes} is the time window of a line chart.
 */
public record Widget(String id, WidgetType type, String title, int x, int y, int w, int h, List<PointRef> points,
                     Double min, Double max, Integer rangeMinutes) {
    public Widget {
        points = points == null ? List.of() : List.copyOf(points);
    }

    /** A measure point of an asset. */
    public record PointRef(String assetId, String pointId) {
    }

    public enum WidgetType { LINE_CHART, VALUE_CARD, GAUGE, STATUS, LATEST_TABLE }
}
