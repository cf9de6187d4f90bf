package org.openenos.connectivity;

import java.util.Map;

/**
 * What an edge gateway reports about itself ({@code edge.status.post}: connections, devices, buffer, configuration
 * versions; ADR 0059). The edge management context implements it; without one the reports are acknowledged only.
 */
public interface EdgeReports {
    EdgeReports NONE = (gateway, status) -> { };

    void statusReported(DeviceRef gateway, Map<String, Object> status);
}
