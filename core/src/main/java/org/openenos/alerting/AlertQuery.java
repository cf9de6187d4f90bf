package org.openenos.alerting;

/**
 * A search over active or history alerts; null fields do not filter. {@code treeId}/{@code fromAssetId} limit the
 * search to assets under a node of an asset tree (through the records' {@code assetPaths}).
 */
public record AlertQuery(String orgId, String assetId, String modelId, String measurepointId, String ruleId,
                         String severityId, Long startOccurTime, Long endOccurTime, String treeId,
                         String fromAssetId, Boolean rootAlert, int offset, int limit) {
}
