package org.openenos.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * A saved dashboard: named widgets on a 12-column grid, shared by everyone in the organization. {@code version}
 * increases on every update so two editors cannot silently overwrite each other.
 */
public record Dashboard(String dashboardId, String orgId, String name, List<Widget> widgets, String createdBy,
                        Instant createTime, Instant updateTime, long version) {
    public Dashboard {
        widgets = widgets == null ? List.of() : List.copyOf(widgets);
    }
}
