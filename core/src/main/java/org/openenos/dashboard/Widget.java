package org.openenos.dashboard;

import java.util.List;

/**
 * One tile of a dashboard: its kind, its place on the grid (columns 0–11, rows from 0) and the points it shows.
 * {@code min}/{@code max} bound a gauge or a set point; {@code rangeMinutes} is the time window of a line chart
 * that does not follow the dashboard's. A service button names its device ({@code assetId}) and
 * {@code serviceId}; {@code thresholds} colour a value card or a gauge from a value up. An alert list or a map
 * shows the subtree of tree {@code treeId} under {@code assetId} (the whole tree without it; an alert list without
 * a tree shows the whole organization); an alert list shows the severities in {@code severityIds} (all when
 * empty). In a templated dashboard an {@code assetId} of {@value Dashboard#TEMPLATE_ASSET} stands for the asset
 * chosen in the dashboard.
 */
public record Widget(String id, WidgetType type, String title, int x, int y, int w, int h, List<PointRef> points,
                     Double min, Double max, Integer rangeMinutes, String assetId, String serviceId,
                     List<Threshold> thresholds, String treeId, List<String> severityIds) {
    public Widget {
        points = points == null ? List.of() : List.copyOf(points);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        severityIds = severityIds == null ? List.of() : List.copyOf(severityIds);
    }

    /** A widget that names no tree and no severities: charts, values and controls. */
    public Widget(String id, WidgetType type, String title, int x, int y, int w, int h, List<PointRef> points,
                  Double min, Double max, Integer rangeMinutes, String assetId, String serviceId,
                  List<Threshold> thresholds) {
        this(id, type, title, x, y, w, h, points, min, max, rangeMinutes, assetId, serviceId, thresholds, null, null);
    }

    /** A measure point of an asset. */
    public record PointRef(String assetId, String pointId) {
    }

    /** From {@code value} up, the value is shown in {@code level}'s colour ({@code ok}, {@code warn}, {@code danger}). */
    public record Threshold(double value, String level) {
    }

    public enum WidgetType {
        LINE_CHART, VALUE_CARD, GAUGE, STATUS, LATEST_TABLE,
        /** Control widgets: they send commands to a device and show the outcome. */
        SWITCH, SET_POINT, SERVICE_BUTTON,
        /** Bands of a DI or enum point's states over the time window. */
        STATE_TIMELINE,
        /** Active alerts of an asset subtree, optionally of some severities. */
        ALERT_LIST,
        /** The assets of a subtree that have a location, on a map. */
        MAP
    }
}
