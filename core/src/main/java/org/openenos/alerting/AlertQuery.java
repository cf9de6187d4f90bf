package org.openenos.alerting;

import java.util.List;

/**
 * A search over active or history alerts; null fields do not filter. {@code treeId}/{@code fromAssetId} limit the
 * search to assets of an asset tree (through the records' {@code assetPaths}): the whole tree without
 * {@code fromAssetId}; with it, that node and everything below it, or only the node itself when
 * {@code includeDerivative} is false. {@code rootAlert} true keeps alerts that no root alert masks, false only masked
 * ones. {@code acknowledged} keeps only alerts an operator has (true) or has not (false) acknowledged.
 */
public record AlertQuery(String orgId, String assetId, String modelId, String measurepointId, String ruleId,
                         String severityId, Long startOccurTime, Long endOccurTime, String treeId,
                         String fromAssetId, Boolean includeDerivative, Boolean rootAlert, int offset, int limit,
                         Boolean acknowledged) {

    /** A search that does not filter on acknowledgement. */
    public AlertQuery(String orgId, String assetId, String modelId, String measurepointId, String ruleId,
                      String severityId, Long startOccurTime, Long endOccurTime, String treeId, String fromAssetId,
                      Boolean includeDerivative, Boolean rootAlert, int offset, int limit) {
        this(orgId, assetId, modelId, measurepointId, ruleId, severityId, startOccurTime, endOccurTime, treeId,
                fromAssetId, includeDerivative, rootAlert, offset, limit, null);
    }

    /** The tree-scope test on one alert's paths ({@code tree:/a/b/asset}), as the stores apply it. */
    public boolean inScope(List<String> assetPaths) {
        if (treeId == null || treeId.isBlank()) {
            return true;
        }
        for (String path : assetPaths) {
            if (!path.startsWith(treeId + ":")) {
                continue;
            }
            if (fromAssetId == null || fromAssetId.isBlank() || path.endsWith("/" + fromAssetId)) {
                return true;
            }
            if (!Boolean.FALSE.equals(includeDerivative) && path.contains("/" + fromAssetId + "/")) {
                return true;
            }
        }
        return false;
    }
}
