package org.openenos.cluster.postgres;

import java.time.Instant;
import java.util.List;
import org.openenos.cluster.ClusterNode;
import org.openenos.cluster.NodeRegistry;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The node registry in table {@code cluster_nodes} (migration V120). */
public final class PostgresNodeRegistry implements NodeRegistry {
    private final JdbcClient jdbc;

    public PostgresNodeRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void heartbeat(String nodeId, String address, Instant startedAt, Instant now) {
        jdbc.sql("""
                INSERT INTO cluster_nodes (node_id, address, started_at, last_heartbeat) VALUES (?, ?, ?, ?)
                ON CONFLICT (node_id) DO UPDATE SET address = EXCLUDED.address, started_at = EXCLUDED.started_at,
                    last_heartbeat = EXCLUDED.last_heartbeat""")
                .params(nodeId, address, Sql.ts(startedAt), Sql.ts(now))
                .update();
    }

    @Override
    public List<ClusterNode> alive(Instant since) {
        return jdbc.sql("SELECT * FROM cluster_nodes WHERE last_heartbeat >= ? ORDER BY node_id")
                .param(Sql.ts(since))
                .query((rs, i) -> new ClusterNode(rs.getString("node_id"), rs.getString("address"),
                        Sql.instant(rs, "started_at"), Sql.instant(rs, "last_heartbeat")))
                .list();
    }

    @Override
    public void leave(String nodeId) {
        jdbc.sql("DELETE FROM cluster_nodes WHERE node_id = ?").param(nodeId).update();
    }

    @Override
    public int forgetSilentSince(Instant before) {
        return jdbc.sql("DELETE FROM cluster_nodes WHERE last_heartbeat < ?").param(Sql.ts(before)).update();
    }
}
