package org.openenos.edgemanagement.postgres;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.edgemanagement.EdgeConfigStore;
import org.openenos.edgemanagement.EdgeConfigVersion;
import org.openenos.edgemanagement.EdgeGatewayState;
import org.openenos.registry.postgres.Json;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Edge configuration versions and gateway states in {@code edge_config_versions} and {@code edge_gateway_states}
 * (migration V210). A new version number is taken under a row lock of the gateway's state, so two editors saving at
 * once get two versions, never one number twice.
 */
public final class PostgresEdgeConfigStore implements EdgeConfigStore {
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public PostgresEdgeConfigStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public EdgeConfigVersion append(String orgId, String assetId, String content, String author, String comment,
                                    Instant at) {
        return transactions.execute(tx -> {
            jdbc.sql("INSERT INTO edge_gateway_states (asset_id, org_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(assetId, orgId).update();
            jdbc.sql("SELECT asset_id FROM edge_gateway_states WHERE asset_id = ? FOR UPDATE").param(assetId)
                    .query(String.class).single();
            long next = jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM edge_config_versions WHERE asset_id = ?")
                    .param(assetId).query(Long.class).single();
            jdbc.sql("""
                    INSERT INTO edge_config_versions (org_id, asset_id, version, content, author, comment, create_time)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(orgId, assetId, next, content, author, comment, Sql.ts(at)).update();
            return new EdgeConfigVersion(orgId, assetId, next, content, author, at, comment);
        });
    }

    @Override
    public List<EdgeConfigVersion> versions(String orgId, String assetId, boolean withContent) {
        return jdbc.sql("SELECT org_id, asset_id, version, " + (withContent ? "content" : "NULL AS content")
                        + ", author, comment, create_time FROM edge_config_versions WHERE org_id = ? AND asset_id = ?"
                        + " ORDER BY version DESC")
                .params(orgId, assetId).query((rs, i) -> version(rs)).list();
    }

    @Override
    public Optional<EdgeConfigVersion> version(String orgId, String assetId, long version) {
        return jdbc.sql("SELECT * FROM edge_config_versions WHERE org_id = ? AND asset_id = ? AND version = ?")
                .params(orgId, assetId, version).query((rs, i) -> version(rs)).optional();
    }

    private static EdgeConfigVersion version(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new EdgeConfigVersion(rs.getString("org_id"), rs.getString("asset_id"), rs.getLong("version"),
                rs.getString("content"), rs.getString("author"), Sql.instant(rs, "create_time"),
                rs.getString("comment"));
    }

    @Override
    public void pushed(String orgId, String assetId, long version, Instant at) {
        jdbc.sql("""
                INSERT INTO edge_gateway_states (asset_id, org_id, desired_version, pushed_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (asset_id) DO UPDATE SET desired_version = EXCLUDED.desired_version,
                    pushed_at = EXCLUDED.pushed_at""")
                .params(assetId, orgId, version, Sql.ts(at)).update();
    }

    @Override
    public void reported(String orgId, String assetId, Long appliedVersion, String configError,
                         Map<String, Object> status, Instant at) {
        jdbc.sql("""
                INSERT INTO edge_gateway_states (asset_id, org_id, applied_version, config_error, status, reported_at)
                VALUES (?, ?, ?, ?, CAST(? AS JSONB), ?)
                ON CONFLICT (asset_id) DO UPDATE SET applied_version = EXCLUDED.applied_version,
                    config_error = EXCLUDED.config_error, status = EXCLUDED.status,
                    reported_at = EXCLUDED.reported_at""")
                .params(assetId, orgId, appliedVersion, configError, Json.write(status), Sql.ts(at)).update();
    }

    @Override
    public Optional<EdgeGatewayState> state(String orgId, String assetId) {
        return jdbc.sql("SELECT * FROM edge_gateway_states WHERE org_id = ? AND asset_id = ?").params(orgId, assetId)
                .query((rs, i) -> new EdgeGatewayState(rs.getString("org_id"), rs.getString("asset_id"),
                        (Long) rs.getObject("desired_version"), Sql.instant(rs, "pushed_at"),
                        (Long) rs.getObject("applied_version"), rs.getString("config_error"),
                        rs.getString("status") == null ? null : Json.object(rs.getString("status")),
                        Sql.instant(rs, "reported_at")))
                .optional();
    }
}
