package org.openenos.registry.postgres;

import java.util.ArrayList;
import java.util.List;
import org.openenos.model.identity.AssetScope;

/**
 * The SQL condition "this asset id lies under one of the scope's nodes", to be put into a query's WHERE clause so
 * that the database filters (and pages and counts) by scope. The nodes' subtrees are found through the materialized
 * path and its {@code text_pattern_ops} index: for a node with path P, the range [P/, P0) holds exactly the paths
 * below it ('0' follows '/').
 */
public final class ScopeSql {
    /** A condition and its parameters, in order. */
    public record Condition(String sql, List<Object> params) {
    }

    private ScopeSql() {
    }

    /** {@code column IN (assets under the nodes)}; TRUE for the whole organization, FALSE for no node at all. */
    public static Condition within(String column, AssetScope scope) {
        if (scope == null || scope.wholeOrganization()) {
            return new Condition("TRUE", List.of());
        }
        if (scope.nodes().isEmpty()) {
            return new Condition("FALSE", List.of());
        }
        StringBuilder values = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (AssetScope.Node n : scope.nodes()) {
            values.append(values.isEmpty() ? "" : ", ").append("(?, ?)");
            params.add(n.treeId());
            params.add(n.assetId());
        }
        String sql = column + " IN (SELECT sn.asset_id FROM asset_nodes sn WHERE (sn.tree_id, sn.asset_id) IN ("
                + values + ") UNION ALL SELECT sd.asset_id FROM asset_nodes sn JOIN asset_nodes sd"
                + " ON sd.tree_id = sn.tree_id AND sd.path ~>=~ (sn.path || '/') AND sd.path ~<~ (sn.path || '0')"
                + " WHERE (sn.tree_id, sn.asset_id) IN (" + values + "))";
        List<Object> all = new ArrayList<>(params);
        all.addAll(params);
        return new Condition(sql, all);
    }
}
