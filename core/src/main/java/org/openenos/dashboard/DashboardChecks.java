package org.openenos.dashboard;

import java.util.Set;
import org.openenos.error.OpenEnosException;

/** The checks of the time window, templates and control widgets that {@link DashboardService} adds per widget. */
final class DashboardChecks {
    static final int MAX_LAST_MINUTES = 60 * 24 * 90;
    private static final Set<String> LEVELS = Set.of("ok", "warn", "danger");

    private DashboardChecks() {
    }

    static void time(Dashboard.TimeWindow t) {
        if (t == null) {
            return;
        }
        boolean live = t.lastMinutes() != null;
        boolean fixed = t.startTime() != null || t.endTime() != null;
        if (live == fixed) {
            throw OpenEnosException.badArgument("time: give either lastMinutes or startTime and endTime");
        }
        if (live && (t.lastMinutes() < 1 || t.lastMinutes() > MAX_LAST_MINUTES)) {
            throw OpenEnosException.badArgument("time.lastMinutes: between 1 and " + MAX_LAST_MINUTES);
        }
        if (fixed && (t.startTime() == null || t.endTime() == null || t.startTime() >= t.endTime())) {
            throw OpenEnosException.badArgument("time: startTime must be before endTime");
        }
        Integer refresh = t.refreshSeconds();
        if (refresh != null && refresh != 0 && (refresh < 5 || refresh > 3600)) {
            throw OpenEnosException.badArgument("time.refreshSeconds: 0 (off) or between 5 and 3600");
        }
    }

    static void widget(String at, Widget w, boolean template) {
        for (Widget.PointRef p : w.points()) {
            templateAsset(at + ".points", p.assetId(), template);
        }
        templateAsset(at + ".assetId", w.assetId(), template);
        for (Widget.Threshold t : w.thresholds()) {
            if (t == null || !LEVELS.contains(t.level())) {
                throw OpenEnosException.badArgument(at + ".thresholds: level is ok, warn or danger");
            }
        }
        switch (w.type()) {
            case SWITCH, SET_POINT -> {
                if (w.points().size() != 1) {
                    throw OpenEnosException.badArgument(at + ".points: a " + w.type() + " sets exactly one point");
                }
            }
            case SERVICE_BUTTON -> {
                if (blank(w.assetId()) || blank(w.serviceId())) {
                    throw OpenEnosException.badArgument(at + ": a service button needs assetId and serviceId");
                }
            }
            case STATE_TIMELINE -> {
                if (w.points().isEmpty()) {
                    throw OpenEnosException.badArgument(at + ".points: a state timeline needs at least one point");
                }
            }
            case MAP -> {
                if (blank(w.treeId())) {
                    throw OpenEnosException.badArgument(at + ".treeId: a map shows the assets of a tree");
                }
            }
            case ALERT_LIST -> {
                if (!blank(w.assetId()) && blank(w.treeId())) {
                    throw OpenEnosException.badArgument(at + ".treeId: an alert list of a subtree names its tree");
                }
                if (w.severityIds().stream().anyMatch(DashboardChecks::blank)) {
                    throw OpenEnosException.badArgument(at + ".severityIds: blank severity");
                }
            }
            default -> {
                // display widgets: checked by the service
            }
        }
    }

    private static void templateAsset(String at, String assetId, boolean template) {
        if (!template && Dashboard.TEMPLATE_ASSET.equals(assetId)) {
            throw OpenEnosException.badArgument(at + ": " + Dashboard.TEMPLATE_ASSET
                    + " stands for the chosen asset and needs a templateModelId");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
