package org.openenos.registry.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.openenos.model.AssetNode;
import org.openenos.model.AssetTree;
import org.openenos.model.StringI18n;
import org.openenos.registry.AssetTreeStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Trees and nodes; subtree operations use the materialized path with an index on (tree, path). */
public final class PostgresAssetTreeStore implements AssetTreeStore {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public PostgresAssetTreeStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    static AssetTree tree(ResultSet rs, int i) throws SQLException {
        return new AssetTree(rs.getString("org_id"), rs.getString("tree_id"),
                Json.read(rs.getString("name"), StringI18n.class), rs.getString("root_asset_id"),
                Json.strings(rs.getString("tags")));
    }

    private static AssetNode node(ResultSet rs, int i) throws SQLException {
        return new AssetNode(rs.getString("tree_id"), rs.getString("asset_id"), rs.getString("parent_asset_id"),
                rs.getInt("depth"), rs.getString("path"));
    }

    @Override
    public void insertTree(AssetTree t, AssetNode root) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO asset_trees (tree_id, org_id, name, root_asset_id, tags) VALUES (?, ?, ?::jsonb, ?, "
                            + "?::jsonb)")
                    .params(t.treeId(), t.orgId(), Json.write(t.name()), t.rootAssetId(), Json.write(t.tags()))
                    .update();
            insertNode(root);
        });
    }

    @Override
    public Optional<AssetTree> findTree(String treeId) {
        return jdbc.sql("SELECT * FROM asset_trees WHERE tree_id = ?").param(treeId).query(PostgresAssetTreeStore::tree)
                .optional();
    }

    @Override
    public List<AssetTree> listTrees(String orgId) {
        return jdbc.sql("SELECT * FROM asset_trees WHERE org_id = ? ORDER BY name->>'defaultValue'").param(orgId)
                .query(PostgresAssetTreeStore::tree).list();
    }

    @Override
    public void updateTree(AssetTree t) {
        jdbc.sql("UPDATE asset_trees SET name = ?::jsonb, tags = ?::jsonb WHERE tree_id = ?")
                .params(Json.write(t.name()), Json.write(t.tags()), t.treeId()).update();
    }

    @Override
    public boolean deleteTree(String treeId) {
        return jdbc.sql("DELETE FROM asset_trees WHERE tree_id = ?").param(treeId).update() > 0;
    }

    @Override
    public void insertNode(AssetNode n) {
        jdbc.sql("INSERT INTO asset_nodes (tree_id, asset_id, parent_asset_id, depth, path) VALUES (?, ?, ?, ?, ?)")
                .params(n.treeId(), n.assetId(), n.parentAssetId(), n.depth(), n.path()).update();
    }

    @Override
    public Optional<AssetNode> findNode(String treeId, String assetId) {
        return jdbc.sql("SELECT * FROM asset_nodes WHERE tree_id = ? AND asset_id = ?").params(treeId, assetId)
                .query(PostgresAssetTreeStore::node).optional();
    }

    @Override
    public List<AssetNode> children(String treeId, String parentAssetId) {
        return jdbc.sql("SELECT * FROM asset_nodes WHERE tree_id = ? AND parent_asset_id = ? ORDER BY asset_id")
                .params(treeId, parentAssetId).query(PostgresAssetTreeStore::node).list();
    }

    @Override
    public List<AssetNode> subtree(String treeId, String assetId) {
        return jdbc.sql("""
                SELECT n.* FROM asset_nodes n JOIN asset_nodes p ON p.tree_id = n.tree_id AND p.asset_id = ?
                WHERE n.tree_id = ? AND (n.path = p.path OR n.path LIKE p.path || '/%') ORDER BY n.depth, n.asset_id""")
                .params(assetId, treeId).query(PostgresAssetTreeStore::node).list();
    }

    @Override
    public List<AssetNode> nodes(String treeId) {
        return jdbc.sql("SELECT * FROM asset_nodes WHERE tree_id = ? ORDER BY depth, asset_id").param(treeId)
                .query(PostgresAssetTreeStore::node).list();
    }

    @Override
    public void moveSubtree(String treeId, String assetId, AssetNode newParent) {
        tx.executeWithoutResult(s -> {
            AssetNode node = findNode(treeId, assetId).orElseThrow();
            String newPath = newParent.path() + "/" + assetId;
            int shift = newParent.depth() + 1 - node.depth();
            jdbc.sql("""
                    UPDATE asset_nodes SET path = ? || substr(path, ?), depth = depth + ?
                    WHERE tree_id = ? AND (path = ? OR path LIKE ? || '/%')""")
                    .params(newPath, node.path().length() + 1, shift, treeId, node.path(), node.path()).update();
            jdbc.sql("UPDATE asset_nodes SET parent_asset_id = ? WHERE tree_id = ? AND asset_id = ?")
                    .params(newParent.assetId(), treeId, assetId).update();
        });
    }

    @Override
    public void deleteSubtree(String treeId, String assetId) {
        AssetNode node = findNode(treeId, assetId).orElseThrow();
        jdbc.sql("DELETE FROM asset_nodes WHERE tree_id = ? AND (path = ? OR path LIKE ? || '/%')")
                .params(treeId, node.path(), node.path()).update();
    }

    @Override
    public List<AssetNode> nodesOfAsset(String assetId) {
        return jdbc.sql("SELECT * FROM asset_nodes WHERE asset_id = ?").param(assetId)
                .query(PostgresAssetTreeStore::node).list();
    }
}
