package org.openenos.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.Principal;
import org.openenos.security.Ids;

/** Creates, changes and lists an organization's dashboards; refuses layouts the portal could not draw. */
public final class DashboardService {
    static final int MAX_WIDGETS = 64;
    static final int MAX_POINTS_PER_WIDGET = 20;
    static final int GRID_COLUMNS = 12;

    /** The editable part of a dashboard; {@code version} is required on update (optimistic locking). */
    public record DashboardInput(String name, List<Widget> widgets, Long version, Dashboard.TimeWindow time,
                                 String templateModelId) {
        public DashboardInput(String name, List<Widget> widgets, Long version) {
            this(name, widgets, version, null, null);
        }
    }

    private final DashboardStore store;
    private final AuditLog audit;
    private final Clock clock;

    public DashboardService(DashboardStore store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    public Dashboard create(Principal actor, String orgId, DashboardInput input) {
        validate(input);
        Instant now = clock.instant();
        Dashboard d = new Dashboard(Ids.uuidLike(), orgId, input.name().strip(), input.widgets(), actor.name(), now,
                now, 1, input.time(), blankToNull(input.templateModelId()));
        store.insert(d);
        audit.record(new AuditLog.Entry(now, actor.name(), orgId, "dashboard.create", d.dashboardId(), d.name()));
        return d;
    }

    public Dashboard update(Principal actor, String orgId, String dashboardId, DashboardInput input) {
        validate(input);
        Dashboard old = get(orgId, dashboardId);
        long expected = input.version() == null ? old.version() : input.version();
        Dashboard d = new Dashboard(dashboardId, orgId, input.name().strip(), input.widgets(), old.createdBy(),
                old.createTime(), clock.instant(), expected + 1, input.time(), blankToNull(input.templateModelId()));
        if (!store.update(d, expected)) {
            throw new OpenEnosException(ErrorCode.CONFLICT,
                    "dashboard " + dashboardId + " was changed by someone else; reload it and apply your changes");
        }
        audit.record(new AuditLog.Entry(d.updateTime(), actor.name(), orgId, "dashboard.update", dashboardId,
                d.name()));
        return d;
    }

    public void delete(Principal actor, String orgId, String dashboardId) {
        if (!store.delete(orgId, dashboardId)) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "dashboard " + dashboardId);
        }
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "dashboard.delete", dashboardId, ""));
    }

    public Dashboard get(String orgId, String dashboardId) {
        return store.find(orgId, dashboardId)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "dashboard " + dashboardId));
    }

    public List<Dashboard> list(String orgId) {
        return store.list(orgId);
    }

    static void validate(DashboardInput input) {
        if (input == null || input.name() == null || input.name().isBlank()) {
            throw OpenEnosException.badArgument("name: is required");
        }
        if (input.name().length() > 200) {
            throw OpenEnosException.badArgument("name: at most 200 characters");
        }
        DashboardChecks.time(input.time());
        boolean template = blankToNull(input.templateModelId()) != null;
        List<Widget> widgets = input.widgets() == null ? List.of() : input.widgets();
        if (widgets.size() > MAX_WIDGETS) {
            throw OpenEnosException.badArgument("widgets: at most " + MAX_WIDGETS);
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < widgets.size(); i++) {
            Widget w = widgets.get(i);
            String at = "widgets[" + i + "]";
            if (w == null || w.type() == null) {
                throw OpenEnosException.badArgument(at + ".type: is required (LINE_CHART, VALUE_CARD, GAUGE, "
                        + "STATUS, LATEST_TABLE, STATE_TIMELINE, ALERT_LIST, MAP, SWITCH, SET_POINT or "
                        + "SERVICE_BUTTON)");
            }
            if (w.id() == null || w.id().isBlank() || !ids.add(w.id())) {
                throw OpenEnosException.badArgument(at + ".id: is required and must be unique");
            }
            if (w.x() < 0 || w.w() < 1 || w.x() + w.w() > GRID_COLUMNS || w.y() < 0 || w.h() < 1 || w.h() > 12) {
                throw OpenEnosException.badArgument(at + ": must fit the grid (x+w <= " + GRID_COLUMNS
                        + ", 1 <= h <= 12)");
            }
            if (w.points().size() > MAX_POINTS_PER_WIDGET) {
                throw OpenEnosException.badArgument(at + ".points: at most " + MAX_POINTS_PER_WIDGET);
            }
            for (Widget.PointRef p : w.points()) {
                if (p == null || p.assetId() == null || p.assetId().isBlank() || p.pointId() == null
                        || p.pointId().isBlank()) {
                    throw OpenEnosException.badArgument(at + ".points: each needs assetId and pointId");
                }
            }
            if (w.min() != null && w.max() != null && w.min() >= w.max()) {
                throw OpenEnosException.badArgument(at + ": min must be below max");
            }
            DashboardChecks.widget(at, w, template);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
