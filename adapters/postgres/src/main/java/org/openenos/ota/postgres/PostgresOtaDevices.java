package org.openenos.ota.postgres;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.ota.OtaDevices;
import org.openenos.registry.postgres.Json;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Devices of the registry (tables {@code devices}, {@code assets}) joined with the firmware version each reported,
 * kept in {@code ota_device_versions} (migration V90).
 */
public final class PostgresOtaDevices implements OtaDevices {
    private final JdbcClient jdbc;

    public PostgresOtaDevices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<OtaDevice> ofProduct(String orgId, String productKey) {
        return jdbc.sql("""
                SELECT d.org_id, d.asset_id, d.product_key, d.device_key, a.tags, v.version
                FROM devices d JOIN assets a ON a.asset_id = d.asset_id
                LEFT JOIN ota_device_versions v ON v.asset_id = d.asset_id
                WHERE d.org_id = ? AND d.product_key = ? ORDER BY d.device_key""")
                .params(orgId, productKey)
                .query((rs, i) -> new OtaDevice(rs.getString("org_id"), rs.getString("asset_id"),
                        rs.getString("product_key"), rs.getString("device_key"), Json.strings(rs.getString("tags")),
                        rs.getString("version")))
                .list();
    }

    /** The materialized path of the tree's nodes (asset_nodes, V1): the node itself and everything under it. */
    @Override
    public java.util.Set<String> assetsInBranch(String orgId, String treeId, String assetId) {
        return new java.util.HashSet<>(jdbc.sql("""
                SELECT n.asset_id FROM asset_nodes n
                JOIN asset_nodes p ON p.tree_id = n.tree_id AND p.asset_id = ?
                JOIN asset_trees t ON t.tree_id = n.tree_id AND t.org_id = ?
                WHERE n.tree_id = ? AND (n.path = p.path OR n.path LIKE p.path || '/%')""")
                .params(assetId, orgId, treeId).query(String.class).list());
    }

    @Override
    public Optional<OtaDevice> device(String assetId) {
        return jdbc.sql("""
                SELECT d.org_id, d.asset_id, d.product_key, d.device_key, a.tags, v.version
                FROM devices d JOIN assets a ON a.asset_id = d.asset_id
                LEFT JOIN ota_device_versions v ON v.asset_id = d.asset_id
                WHERE d.asset_id = ?""")
                .param(assetId)
                .query((rs, i) -> new OtaDevice(rs.getString("org_id"), rs.getString("asset_id"),
                        rs.getString("product_key"), rs.getString("device_key"), Json.strings(rs.getString("tags")),
                        rs.getString("version")))
                .optional();
    }

    @Override
    public void reportVersion(String orgId, String assetId, String productKey, String deviceKey, String version,
                              Instant at) {
        jdbc.sql("""
                INSERT INTO ota_device_versions (asset_id, org_id, product_key, device_key, version, report_time)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (asset_id) DO UPDATE SET version = EXCLUDED.version,
                    report_time = EXCLUDED.report_time""")
                .params(assetId, orgId, productKey, deviceKey, version, Sql.ts(at)).update();
    }

    @Override
    public Optional<String> versionOf(String assetId) {
        return jdbc.sql("SELECT version FROM ota_device_versions WHERE asset_id = ?").param(assetId)
                .query(String.class).optional();
    }

    @Override
    public Map<String, Long> versionCounts(String orgId, String productKey) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT version, count(*) AS n FROM ota_device_versions WHERE org_id = ? AND product_key = ?
                GROUP BY version ORDER BY version""")
                .params(orgId, productKey)
                .query(rs -> {
                    counts.put(rs.getString("version"), rs.getLong("n"));
                });
        return counts;
    }
}
