package org.openenos.server;

import java.util.List;
import org.openenos.dashboard.Dashboard;
import org.openenos.dashboard.DashboardService;
import org.openenos.dashboard.Widget;
import org.openenos.dashboard.Widget.PointRef;
import org.openenos.dashboard.Widget.WidgetType;
import org.openenos.identity.Principal;

/**
 * The demo organization's templated wind turbine dashboard: one dashboard for every turbine of the demo fleet, with
 * value cards, a chart of power and wind speed on their own axes, the status and a reset button. Created once.
 */
final class DemoDashboards {
    static final String TURBINE = "Wind turbine";
    private static final String MODEL = "demoWindTurbine";

    private DemoDashboards() {
    }

    static void ensure(DashboardService dashboards, Principal actor, String orgId) {
        if (dashboards.list(orgId).stream().anyMatch(d -> d.name().equals(TURBINE))) {
            return;
        }
        String asset = Dashboard.TEMPLATE_ASSET;
        List<Widget> widgets = List.of(
                widget("power", WidgetType.VALUE_CARD, "Active power", 0, 0, 3, 2, List.of(new PointRef(asset, "power")),
                        null, null),
                widget("wind", WidgetType.VALUE_CARD, "Wind speed", 3, 0, 3, 2,
                        List.of(new PointRef(asset, "windSpeed")), null, null),
                widget("status", WidgetType.STATUS, "Status", 6, 0, 3, 2, List.of(new PointRef(asset, "status")),
                        null, null),
                widget("reset", WidgetType.SERVICE_BUTTON, "Reset fault", 9, 0, 3, 2, List.of(), asset, "reset"),
                widget("trend", WidgetType.LINE_CHART, "Power and wind", 0, 2, 12, 4,
                        List.of(new PointRef(asset, "power"), new PointRef(asset, "windSpeed")), null, null));
        dashboards.create(actor, orgId, new DashboardService.DashboardInput(TURBINE, widgets, null,
                new Dashboard.TimeWindow(60, null, null, 30), MODEL));
    }

    private static Widget widget(String id, WidgetType type, String title, int x, int y, int w, int h,
                                 List<PointRef> points, String assetId, String serviceId) {
        return new Widget(id, type, title, x, y, w, h, points, null, null, null, assetId, serviceId, List.of());
    }
}
