package org.openenos.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.Principal;
import org.openenos.model.Asset;
import org.openenos.model.AssetNode;
import org.openenos.model.AssetTree;
import org.openenos.model.StringI18n;
import org.openenos.security.Ids;

/** Asset trees of at most seven levels: create, attach and move nodes, delete subtrees, and search paths. */
public final class AssetTreeService {
    /** A node with its asset, as the tree APIs return it. */
    public record NodeView(AssetNode node, Asset asset) {
    }

    private final AssetTreeStore trees;
    private final AssetService assets;
    private final AuditLog audit;
    private final Clock clock;

    public AssetTreeService(AssetTreeStore trees, AssetService assets, AuditLog audit, Clock clock) {
        this.trees = trees;
        this.assets = assets;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a tree whose root is an existing asset, or a new logical asset described by {@code newRoot}. */
    public AssetTree create(Principal actor, String orgId, StringI18n name, String rootAssetId,
                            AssetService.AssetInput newRoot, Map<String, String> tags) {
        if (name == null || name.defaultValue() == null || name.defaultValue().isBlank()) {
            throw OpenEnosException.badArgument("name.defaultValue: is required");
        }
        String root;
        if (rootAssetId != null) {
            root = assets.get(orgId, rootAssetId).assetId();
        } else if (newRoot != null) {
            root = assets.createLogical(actor, orgId, newRoot).assetId();
        } else {
            throw OpenEnosException.badArgument("asset: a root asset (assetId, or modelId and name) is required");
        }
        AssetTree tree = new AssetTree(orgId, Ids.random(10), name, root, tags);
        trees.insertTree(tree, new AssetNode(tree.treeId(), root, null, 1, "/" + root));
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "tree.create", tree.treeId(), ""));
        return tree;
    }

    public AssetTree get(String orgId, String treeId) {
        return trees.findTree(treeId).filter(t -> t.orgId().equals(orgId))
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.TREE_NOT_FOUND, "tree " + treeId));
    }

    public List<AssetTree> list(String orgId) {
        return trees.listTrees(orgId);
    }

    public AssetTree update(Principal actor, String orgId, String treeId, StringI18n name, Map<String, String> tags) {
        AssetTree old = get(orgId, treeId);
        AssetTree t = new AssetTree(orgId, treeId, name == null ? old.name() : name, old.rootAssetId(),
                tags == null ? old.tags() : tags);
        trees.updateTree(t);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "tree.update", treeId, ""));
        return t;
    }

    public void delete(Principal actor, String orgId, String treeId) {
        get(orgId, treeId);
        trees.deleteTree(treeId);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "tree.delete", treeId, ""));
    }

    /** Creates a logical asset and attaches it under {@code parentAssetId}. */
    public NodeView createAsset(Principal actor, String orgId, String treeId, String parentAssetId,
                                AssetService.AssetInput input) {
        AssetNode parent = parentNode(orgId, treeId, parentAssetId);
        Asset asset = assets.createLogical(actor, orgId, input);
        return attach(actor, orgId, parent, asset);
    }

    /** Attaches an existing asset (a device or a logical asset) under {@code parentAssetId}. */
    public NodeView associateAsset(Principal actor, String orgId, String treeId, String parentAssetId,
                                   String assetId) {
        AssetNode parent = parentNode(orgId, treeId, parentAssetId);
        Asset asset = assets.get(orgId, assetId);
        if (trees.findNode(treeId, assetId).isPresent()) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "asset " + assetId + " is already in tree " + treeId);
        }
        return attach(actor, orgId, parent, asset);
    }

    public void moveNode(Principal actor, String orgId, String treeId, String assetId, String newParentAssetId) {
        AssetNode node = node(orgId, treeId, assetId);
        AssetNode parent = parentNode(orgId, treeId, newParentAssetId);
        if (node.parentAssetId() == null) {
            throw OpenEnosException.badArgument("assetId: the root of a tree cannot be moved");
        }
        if (parent.path().equals(node.path()) || parent.path().startsWith(node.path() + "/")) {
            throw OpenEnosException.badArgument("parentAssetId: cannot move a node under itself");
        }
        int height = trees.subtree(treeId, assetId).stream().mapToInt(AssetNode::depth).max().orElse(node.depth())
                - node.depth();
        if (parent.depth() + 1 + height > AssetTree.MAX_DEPTH) {
            throw new OpenEnosException(ErrorCode.TREE_TOO_DEEP, "the tree would have more than "
                    + AssetTree.MAX_DEPTH + " levels");
        }
        trees.moveSubtree(treeId, assetId, parent);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "tree.move", treeId + ":" + assetId,
                "to " + newParentAssetId));
    }

    public void deleteNode(Principal actor, String orgId, String treeId, String assetId) {
        AssetNode node = node(orgId, treeId, assetId);
        if (node.parentAssetId() == null) {
            throw OpenEnosException.badArgument("assetId: delete the tree to remove its root");
        }
        trees.deleteSubtree(treeId, assetId);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "tree.deleteNode",
                treeId + ":" + assetId, ""));
    }

    /** Children of a node (or of the root when {@code parentAssetId} is null). */
    public List<NodeView> children(String orgId, String treeId, String parentAssetId) {
        AssetTree tree = get(orgId, treeId);
        String parent = parentAssetId == null ? tree.rootAssetId() : parentAssetId;
        node(orgId, treeId, parent);
        return views(orgId, trees.children(treeId, parent));
    }

    public List<NodeView> subtree(String orgId, String treeId, String assetId) {
        AssetTree tree = get(orgId, treeId);
        return views(orgId, trees.subtree(treeId, assetId == null ? tree.rootAssetId() : assetId));
    }

    /** The assets from the root down to {@code assetId}. */
    public List<Asset> path(String orgId, String treeId, String assetId) {
        AssetNode node = node(orgId, treeId, assetId);
        List<String> ids = List.of(node.path().substring(1).split("/"));
        List<Asset> found = new ArrayList<>(assets.getAll(orgId, ids));
        found.sort(Comparator.comparingInt(a -> ids.indexOf(a.assetId())));
        return found;
    }

    /** Every node of every tree of the org in which this asset appears. */
    public List<AssetNode> placesOf(String orgId, String assetId) {
        assets.get(orgId, assetId);
        return trees.nodesOfAsset(assetId);
    }

    private NodeView attach(Principal actor, String orgId, AssetNode parent, Asset asset) {
        if (parent.depth() + 1 > AssetTree.MAX_DEPTH) {
            throw new OpenEnosException(ErrorCode.TREE_TOO_DEEP, "an asset tree has at most " + AssetTree.MAX_DEPTH
                    + " levels");
        }
        AssetNode node = new AssetNode(parent.treeId(), asset.assetId(), parent.assetId(), parent.depth() + 1,
                parent.path() + "/" + asset.assetId());
        trees.insertNode(node);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "tree.attach",
                parent.treeId() + ":" + asset.assetId(), "under " + parent.assetId()));
        return new NodeView(node, asset);
    }

    private AssetNode parentNode(String orgId, String treeId, String parentAssetId) {
        AssetTree tree = get(orgId, treeId);
        String parent = parentAssetId == null ? tree.rootAssetId() : parentAssetId;
        return trees.findNode(treeId, parent).orElseThrow(() -> new OpenEnosException(
                ErrorCode.TREE_PARENT_NOT_IN_TREE, "parent asset " + parent + " is not in tree " + treeId));
    }

    private AssetNode node(String orgId, String treeId, String assetId) {
        get(orgId, treeId);
        return trees.findNode(treeId, assetId).orElseThrow(() -> OpenEnosException.notFound(
                ErrorCode.ASSET_NOT_FOUND, "asset " + assetId + " in tree " + treeId));
    }

    private List<NodeView> views(String orgId, List<AssetNode> nodes) {
        Map<String, Asset> byId = new java.util.HashMap<>();
        assets.getAll(orgId, nodes.stream().map(AssetNode::assetId).toList())
                .forEach(a -> byId.put(a.assetId(), a));
        return nodes.stream().filter(n -> byId.containsKey(n.assetId()))
                .map(n -> new NodeView(n, byId.get(n.assetId()))).toList();
    }
}
