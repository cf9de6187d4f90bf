package org.openenos.cluster.postgres;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openenos.cluster.ConnectionDirectory;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The connection directory in table {@code cluster_connections} (migration V120). A node counts only while it
 * heart-beats, so the entries of a node that died stop routing at once, before maintenance removes them.
 */
public final class PostgresConnectionDirectory implements ConnectionDirectory {
    private final JdbcClient jdbc;

    public PostgresConnectionDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void claim(String deviceKey, String assetId, String nodeId, Instant at) {
        jdbc.sql("""
                INSERT INTO cluster_connections (device_key, asset_id, node_id, connected_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (device_key) DO UPDATE SET asset_id = EXCLUDED.asset_id, node_id = EXCLUDED.node_id,
                    connected_at = EXCLUDED.connected_at
                WHERE cluster_connections.connected_at <= EXCLUDED.connected_at""")
                .params(deviceKey, assetId, nodeId, Sql.ts(at))
                .update();
    }

    @Override
    public void release(String deviceKey, String nodeId) {
        jdbc.sql("DELETE FROM cluster_connections WHERE device_key = ? AND node_id = ?")
                .params(deviceKey, nodeId)
                .update();
    }

    @Override
    public Optional<String> nodeOf(String deviceKey, Instant aliveSince) {
        return jdbc.sql("""
                SELECT c.node_id FROM cluster_connections c JOIN cluster_nodes n ON n.node_id = c.node_id
                WHERE c.device_key = ? AND n.last_heartbeat >= ?""")
                .params(deviceKey, Sql.ts(aliveSince))
                .query(String.class)
                .optional();
    }

    @Override
    public List<String> removeEntriesOfDeadNodes(Instant aliveSince) {
        return jdbc.sql("""
                DELETE FROM cluster_connections c WHERE NOT EXISTS (SELECT 1 FROM cluster_nodes n
                    WHERE n.node_id = c.node_id AND n.last_heartbeat >= ?)
                RETURNING c.asset_id""")
                .param(Sql.ts(aliveSince))
                .query(String.class)
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }
}
