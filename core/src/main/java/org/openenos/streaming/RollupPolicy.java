package org.openenos.streaming;

import java.io.Serializable;

/**
 * One roll-up: {@code modelId::inputPoint} of the assets in the scope of each node of tree {@code treeId} (its
 * children, or with {@code subtree} every asset below it) aggregated into {@code outputPoint} of every node whose
 * asset is of model {@code outputModelId}. An input older than {@code staleAfterMillis} (by the engine's clock) no
 * longer counts; 0 keeps inputs forever.
 */
public record RollupPolicy(String treeId, String modelId, String inputPoint, RollupAggregation aggregation,
                           boolean subtree, String outputModelId, String outputPoint, long staleAfterMillis)
        implements Serializable {
}
