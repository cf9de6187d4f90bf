package org.openenos.alerting;

import java.util.List;
import org.openenos.model.identity.AssetScope;

/**
 * A search over active or history alerts; null fields do not filter. {@code treeId}/{@code fromAssetId} limit the
 * search to assets of an asset tree (through the records' {@code assetPaths}): the whole tree without
 * {@code fromAssetId}; with it, that node and everything below it, or only the node itself when
 * {@code includeDerivative} is false. {@code rootAlert} true keeps alerts that no root alert masks, false only masked
 * ones. {@code acknowledged} keeps only alerts an operator has (true) or has not (false) acknowledged.
 * {@code withinNodes}, when not empty, keeps alerts of assets at or below one of these nodes of asset trees (the scope
 * of a caller granted several nodes); empty does not filter.
 */
public record AlertQuery(String orgId, String assetId, String modelId, String measurepointId, String ruleId,
                         String severityId, Long startOccurTime, Long endOccurTime, String treeId,
                         String fromAssetId, Boolean includeDerivative, Boolean rootAlert, int offset, int limit,
                         Boolean acknowledged, List<AssetScope.Node> withinNodes) {

    public AlertQuery {
        withinNodes = withinNodes == null ? List.of() : List.copyOf(withinNodes);
    }

    /** A search over the whole organization (or the tree node it names). */
    public AlertQuery(String orgId, String assetId, String modelId, String measurepointId, String ruleId,
                      String severityId, Long startOccurTime, Long endOccurTime, String treeId, String fromAssetId,
                      Boolean includeDerivative, Boolean rootAlert, int offset, int limit, Boolean acknowledged) {
        this(orgId, assetId, modelId, measurepointId, ruleId, severityId, startOccurTime, endOccurTime, treeId,
                fromAssetId, includeDerivative, rootAlert, offset, limit, acknowledged, List.of());
    }

    /** The same search limited to assets at or below {@code nodes}. */
    public AlertQuery within(List<AssetScope.Node> nodes) {
        return new AlertQuery(orgId, assetId, modelId, measurepointId, ruleId, severityId, startOccurTime,
                endOccurTime, treeId, fromAssetId, includeDerivative, rootAlert, offset, limit, acknowledged, nodes);
    }

    /** A search that does not filter on acknowledgement. */
    public AlertQuery(String orgId, String assetId, String modelId, String measurepointId, String ruleId,
                      String severityId, Long startOccurTime, Long endOccurTime, String treeId, String fromAssetId,
                      Boolean includeDerivative, Boolean rootAlert, int offset, int limit) {
        this(orgId, assetId, modelId, measurepointId, ruleId, severityId, startOccurTime, endOccurTime, treeId,
                fromAssetId, includeDerivative, rootAlert, offset, limit, null);
    }

    /** The tree-scope test on one alert's paths ({@code tree:/a/b/asset}), as the stores apply it. */
    public boolean inScope(List<String> assetPaths) {
        if (!withinNodes.isEmpty() && withinNodes.stream().noneMatch(n -> assetPaths.stream().anyMatch(path ->
                path.startsWith(n.treeId() + ":") && (path.endsWith("/" + n.assetId())
                        || path.contains("/" + n.assetId() + "/"))))) {
            return false;
        }
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
