package org.openenos.rest.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Asset;
import org.openenos.model.AssetTree;
import org.openenos.model.StringI18n;
import org.openenos.model.identity.AssetScope;
import org.openenos.registry.AssetService;
import org.openenos.registry.AssetTreeService;
import org.openenos.registry.ScopedTrees;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /asset-tree-service/v2.1/}: asset-trees, asset-nodes and asset-paths. */
@RestController
@RequestMapping("/asset-tree-service/v2.1")
public class AssetTreeController {
    public record TreeFields(StringI18n name, Map<String, String> tags) {
    }

    /** An existing asset ({@code assetId}) or the fields of a new logical asset. */
    public record AssetRef(String assetId, String modelId, StringI18n name, StringI18n desc, String timezone,
                           Map<String, Object> attributes, Map<String, String> tags) {
        AssetService.AssetInput input() {
            return new AssetService.AssetInput(modelId, name, desc, timezone, attributes, tags);
        }
    }

    public record CreateTreeBody(TreeFields tree, AssetRef asset) {
    }

    public record CreateAssetBody(AssetRef asset) {
    }

    private final AssetTreeService trees;
    private final ApiAccess access;
    private final ScopedTrees scopedTrees;

    public AssetTreeController(AssetTreeService trees, ApiAccess access, ScopedTrees scopedTrees) {
        this.trees = trees;
        this.access = access;
        this.scopedTrees = scopedTrees;
    }

    @PostMapping(path = "/asset-trees", params = "action=create")
    public ApiResponse createTree(@RequestParam String orgId, @RequestBody CreateTreeBody body) {
        access.requireWrite(orgId);
        if (body.tree() == null || body.asset() == null) {
            throw OpenEnosException.badArgument("tree and asset: both are required");
        }
        AssetTree t = trees.create(access.caller().principal(), orgId, body.tree().name(), body.asset().assetId(),
                body.asset().assetId() == null ? body.asset().input() : null, body.tree().tags());
        return ApiResponse.ok(Map.of("treeId", t.treeId(), "assetId", t.rootAssetId()));
    }

    @RequestMapping(path = "/asset-trees", params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse getTree(@RequestParam String orgId, @RequestParam String treeId) {
        access.requireRead(orgId);
        AssetScope scope = access.assetScope();
        if (scope.wholeOrganization()) {
            return ApiResponse.ok(trees.get(orgId, treeId));
        }
        // a tree without a node of the scope and a tree that does not exist get the same answer
        return ApiResponse.ok(scopedTrees.list(orgId, scope).stream().filter(t -> t.tree().treeId().equals(treeId))
                .findFirst().map(AssetTreeController::scoped).orElseThrow(() -> OpenEnosException.forbidden(
                        "outside your scope for assets:read: tree " + treeId)));
    }

    /** A caller scoped to nodes of trees gets the trees holding one of them, each with its nodes there. */
    @RequestMapping(path = "/asset-trees", params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse searchTrees(@RequestParam String orgId) {
        access.requireRead(orgId);
        AssetScope scope = access.assetScope();
        if (scope.wholeOrganization()) {
            return ApiResponse.ok(trees.list(orgId));
        }
        return ApiResponse.ok(scopedTrees.list(orgId, scope).stream().map(AssetTreeController::scoped).toList());
    }

    /** The tree's fields and {@code scopeRootAssetIds}: where the caller's part of it starts. */
    private static Map<String, Object> scoped(ScopedTrees.ScopedTree t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orgId", t.tree().orgId());
        m.put("treeId", t.tree().treeId());
        m.put("name", t.tree().name());
        m.put("rootAssetId", t.tree().rootAssetId());
        m.put("tags", t.tree().tags());
        m.put("scopeRootAssetIds", t.scopeRootAssetIds());
        return m;
    }

    @PostMapping(path = "/asset-trees", params = "action=update")
    public ApiResponse updateTree(@RequestParam String orgId, @RequestParam String treeId,
                                  @RequestBody CreateTreeBody body) {
        access.requireWrite(orgId);
        TreeFields f = body.tree() == null ? new TreeFields(null, null) : body.tree();
        return ApiResponse.ok(trees.update(access.caller().principal(), orgId, treeId, f.name(), f.tags()));
    }

    @PostMapping(path = "/asset-trees", params = "action=delete")
    public ApiResponse deleteTree(@RequestParam String orgId, @RequestParam String treeId) {
        access.requireWrite(orgId);
        trees.delete(access.caller().principal(), orgId, treeId);
        return ApiResponse.ok(null);
    }

    @PostMapping(path = "/asset-nodes", params = "action=createAsset")
    public ApiResponse createAsset(@RequestParam String orgId, @RequestParam String treeId,
                                   @RequestParam(required = false) String parentAssetId,
                                   @RequestBody CreateAssetBody body) {
        access.requireWrite(orgId);
        if (body.asset() == null) {
            throw OpenEnosException.badArgument("asset: is required");
        }
        var view = trees.createAsset(access.caller().principal(), orgId, treeId, parentAssetId, body.asset().input());
        return ApiResponse.ok(view.asset().assetId());
    }

    @PostMapping(path = "/asset-nodes", params = "action=associateAsset")
    public ApiResponse associate(@RequestParam String orgId, @RequestParam String treeId,
                                 @RequestParam(required = false) String parentAssetId, @RequestParam String assetId) {
        access.requireWrite(orgId);
        trees.associateAsset(access.caller().principal(), orgId, treeId, parentAssetId, assetId);
        return ApiResponse.ok(null);
    }

    @PostMapping(path = "/asset-nodes", params = "action=move")
    public ApiResponse move(@RequestParam String orgId, @RequestParam String treeId, @RequestParam String assetId,
                            @RequestParam String parentAssetId) {
        access.requireWrite(orgId);
        trees.moveNode(access.caller().principal(), orgId, treeId, assetId, parentAssetId);
        return ApiResponse.ok(null);
    }

    @PostMapping(path = "/asset-nodes", params = "action=delete")
    public ApiResponse deleteNode(@RequestParam String orgId, @RequestParam String treeId,
                                  @RequestParam String assetId) {
        access.requireWrite(orgId);
        trees.deleteNode(access.caller().principal(), orgId, treeId, assetId);
        return ApiResponse.ok(null);
    }

    @RequestMapping(path = "/asset-nodes", params = "action=searchAsset",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse searchAsset(@RequestParam String orgId, @RequestParam String treeId,
                                   @RequestParam(required = false) String parentAssetId) {
        access.requireRead(orgId);
        return ApiResponse.ok(trees.children(orgId, treeId, parentAssetId).stream().map(AssetTreeController::node)
                .toList());
    }

    @RequestMapping(path = "/asset-nodes", params = "action=getAssetTree",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse getAssetTree(@RequestParam String orgId, @RequestParam String treeId,
                                    @RequestParam(required = false) String parentAssetId) {
        access.requireRead(orgId);
        List<AssetTreeService.NodeView> nodes = trees.subtree(orgId, treeId, parentAssetId);
        if (nodes.isEmpty()) {
            return ApiResponse.ok(null);
        }
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (AssetTreeService.NodeView n : nodes) {
            Map<String, Object> m = node(n);
            m.put("subAssets", new ArrayList<Map<String, Object>>());
            byId.put(n.node().assetId(), m);
        }
        Map<String, Object> root = byId.get(nodes.getFirst().node().assetId());
        for (AssetTreeService.NodeView n : nodes.subList(1, nodes.size())) {
            Map<String, Object> parent = byId.get(n.node().parentAssetId());
            if (parent != null) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> subs = (List<Map<String, Object>>) parent.get("subAssets");
                subs.add(byId.get(n.node().assetId()));
            }
        }
        return ApiResponse.ok(root);
    }

    /**
     * The assets from the tree's root down to {@code assetId}. A caller scoped to nodes of trees sees the path from
     * its topmost scope node in this tree down (only the asset itself when it is in scope through another tree):
     * the ancestors above its scope stay unnamed, as the tree pages show them.
     */
    @RequestMapping(path = "/asset-paths", params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse paths(@RequestParam String orgId, @RequestParam String treeId, @RequestParam String assetId) {
        access.requireRead(orgId);
        List<Asset> path = trees.path(orgId, treeId, assetId);
        AssetScope scope = access.assetScope();
        if (!scope.wholeOrganization()) {
            int top = path.size() - 1;
            for (int i = 0; i < path.size(); i++) {
                if (scope.nodes().contains(new AssetScope.Node(treeId, path.get(i).assetId()))) {
                    top = i;
                    break;
                }
            }
            path = path.subList(top, path.size());
        }
        return ApiResponse.ok(Map.of("treeId", treeId, "path", path.stream().map(AssetView::of).toList()));
    }

    private static Map<String, Object> node(AssetTreeService.NodeView n) {
        Map<String, Object> m = AssetView.of(n.asset());
        m.put("treeId", n.node().treeId());
        m.put("parentAssetId", n.node().parentAssetId());
        m.put("depth", n.node().depth());
        m.put("path", n.node().path());
        return m;
    }
}
