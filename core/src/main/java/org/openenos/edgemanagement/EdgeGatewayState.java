package org.openenos.edgemanagement;

import java.time.Instant;
import java.util.Map;

/**
 * What the cloud knows of one edge gateway: the version last pushed (desired), the version the edge reports running
 * (applied), why its last push was refused, and its last status report (connections, devices, buffer).
 */
public record EdgeGatewayState(String orgId, String assetId, Long desiredVersion, Instant pushedAt, Long appliedVersion,
                               String configError, Map<String, Object> status, Instant reportedAt) {
}
