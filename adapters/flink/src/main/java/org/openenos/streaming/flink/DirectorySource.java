package org.openenos.streaming.flink;

import java.util.List;
import java.util.Map;
import org.openenos.streaming.StreamDirectory;

/**
 * What the server's registry tells the directory topic (ADR 0129): the assets of a model, their time zones and
 * attributes in batches, and the nodes of a tree. Every call names the organization.
 */
public interface DirectorySource {
    /** The ids of the organization's assets whose model is the given one or inherits from it. */
    List<String> assetsOfModel(String orgId, String modelId);

    /** The time zone and attributes of each of these assets that exists, by asset id. */
    Map<String, Asset> assets(String orgId, List<String> assetIds);

    /** Every node of the tree with its asset's model; empty when the organization has no such tree. */
    List<StreamDirectory.TreeNode> treeNodes(String orgId, String treeId);

    /** An asset as the templates read it. */
    record Asset(String timezone, Map<String, Object> attributes) {
    }
}
