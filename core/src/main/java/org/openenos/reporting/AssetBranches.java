package org.openenos.reporting;

import java.util.List;

/** Resolves a branch of an asset tree to the assets of one model in it (the branch's own asset included). */
@FunctionalInterface
public interface AssetBranches {
    List<String> assetsOfModel(String orgId, String treeId, String branchAssetId, String modelId);
}
