package org.openenos.registry.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.model.AssetTree;
import org.openenos.model.identity.AssetScope;
import org.openenos.registry.ScopedTrees;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The trees holding a node of a scope, with the scope's topmost nodes in each, in one query: a node below another
 * node of the scope (found through the materialized path, as in {@link ScopeSql}) is not a root of its own.
 */
public final class PostgresScopedTrees implements ScopedTrees {
    private record Row(AssetTree tree, String rootAssetId) {
    }

    private final JdbcClient jdbc;

    public PostgresScopedTrees(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<ScopedTree> list(String orgId, AssetScope scope) {
        if (scope.wholeOrganization()) {
            throw new IllegalArgumentException("the whole organization is not a scope of nodes");
        }
        if (scope.nodes().isEmpty()) {
            return List.of();
        }
        StringBuilder values = new StringBuilder();
        List<Object> nodeParams = new ArrayList<>();
        for (AssetScope.Node n : scope.nodes()) {
            values.append(values.isEmpty() ? "" : ", ").append("(?, ?)");
            nodeParams.add(n.treeId());
            nodeParams.add(n.assetId());
        }
        List<Object> params = new ArrayList<>();
        params.add(orgId);
        params.addAll(nodeParams);
        params.addAll(nodeParams);
        List<Row> rows = jdbc.sql("SELECT t.*, sn.asset_id AS scope_root FROM asset_trees t"
                        + " JOIN asset_nodes sn ON sn.tree_id = t.tree_id"
                        + " WHERE t.org_id = ? AND (sn.tree_id, sn.asset_id) IN (" + values + ")"
                        + " AND NOT EXISTS (SELECT 1 FROM asset_nodes up WHERE up.tree_id = sn.tree_id"
                        + " AND (up.tree_id, up.asset_id) IN (" + values + ")"
                        + " AND sn.path ~>=~ (up.path || '/') AND sn.path ~<~ (up.path || '0'))"
                        + " ORDER BY t.name->>'defaultValue', t.tree_id, sn.path")
                .params(params)
                .query((rs, i) -> new Row(PostgresAssetTreeStore.tree(rs, i), rs.getString("scope_root"))).list();
        Map<String, AssetTree> trees = new LinkedHashMap<>();
        Map<String, List<String>> roots = new LinkedHashMap<>();
        for (Row r : rows) {
            trees.putIfAbsent(r.tree().treeId(), r.tree());
            roots.computeIfAbsent(r.tree().treeId(), k -> new ArrayList<>()).add(r.rootAssetId());
        }
        return trees.values().stream().map(t -> new ScopedTree(t, roots.get(t.treeId()))).toList();
    }
}
