package org.openenos.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * A saved dashboard: named widgets on a 12-column grid, shared by everyone in the organization. {@code version}
 * increases on every update so two editors cannot silently overwrite each other. {@code time} is the window every
 * widget follows (null: the last hour, live); a dashboard with a {@code templateModelId} is a template: its widgets
 * name the asset {@value #TEMPLATE_ASSET}, and the viewer picks which asset of that model it shows.
 */
public record Dashboard(String dashboardId, String orgId, String name, List<Widget> widgets, String createdBy,
                        Instant createTime, Instant updateTime, long version, TimeWindow time,
                        String templateModelId) {
    /** The asset id that stands for the chosen asset in a templated dashboard. */
    public static final String TEMPLATE_ASSET = "$asset";

    public Dashboard {
        widgets = widgets == null ? List.of() : List.copyOf(widgets);
    }

    /**
     * Either the last {@code lastMinutes} up to now (live), or the fixed range {@code startTime}–{@code endTime}
     * (epoch milliseconds); {@code refreshSeconds} 0 means no automatic refresh.
     */
    public record TimeWindow(Integer lastMinutes, Long startTime, Long endTime, Integer refreshSeconds) {
    }
}
