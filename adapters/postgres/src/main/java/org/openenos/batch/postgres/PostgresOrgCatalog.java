package org.openenos.batch.postgres;

import java.util.List;
import java.util.function.BiFunction;
import org.openenos.batch.OrgCatalog;
import org.openenos.registry.postgres.Json;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The organization's assets from the registry tables; measure points come from the registry's resolved models
 * (inheritance applied), given as {@code points}.
 */
public final class PostgresOrgCatalog implements OrgCatalog {
    private final JdbcClient jdbc;
    private final BiFunction<String, String, List<String>> points;

    public PostgresOrgCatalog(JdbcClient jdbc, BiFunction<String, String, List<String>> points) {
        this.jdbc = jdbc;
        this.points = points;
    }

    @Override
    public List<AssetRow> assets(String orgId) {
        return jdbc.sql("""
                SELECT asset_id, name ->> 'defaultValue' AS name, model_id, timezone, is_device, attributes
                FROM assets WHERE org_id = ? ORDER BY asset_id""")
                .param(orgId)
                .query((rs, n) -> new AssetRow(rs.getString("asset_id"), rs.getString("name"),
                        rs.getString("model_id"), rs.getString("timezone"), rs.getBoolean("is_device"),
                        Json.object(rs.getString("attributes"))))
                .list();
    }

    @Override
    public List<String> measurePoints(String orgId, String modelId) {
        return points.apply(orgId, modelId);
    }
}
