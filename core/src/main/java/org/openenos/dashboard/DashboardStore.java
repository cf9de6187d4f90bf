package org.openenos.dashboard;

import java.util.List;
import java.util.Optional;

/** Storage of dashboards; every read is scoped by organization so one org never sees another's. */
public interface DashboardStore {
    void insert(Dashboard dashboard);

    Optional<Dashboard> find(String orgId, String dashboardId);

    List<Dashboard> list(String orgId);

    /** Replaces the dashboard if its stored version is {@code expectedVersion}; false when it changed meanwhile. */
    boolean update(Dashboard dashboard, long expectedVersion);

    boolean delete(String orgId, String dashboardId);
}
