package org.openenos.connectivity.postgres;

import java.util.List;
import org.openenos.connectivity.ConnectionEvent;
import org.openenos.connectivity.ConnectionEventStore;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The connection log in table {@code device_connection_events} (migration V41). */
public final class PostgresConnectionEventStore implements ConnectionEventStore {
    private final JdbcClient jdbc;

    public PostgresConnectionEventStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void append(ConnectionEvent e) {
        jdbc.sql("""
                INSERT INTO device_connection_events (org_id, asset_id, product_key, device_key, event_type,
                    event_time, client_address, transport) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.orgId(), e.assetId(), e.productKey(), e.deviceKey(), e.type().name(), Sql.ts(e.time()),
                        e.clientAddress(), e.transport())
                .update();
    }

    @Override
    public List<ConnectionEvent> search(Query q) {
        Where where = where(q);
        return jdbc.sql("SELECT * FROM device_connection_events" + where.sql()
                        + " ORDER BY event_time DESC, id DESC OFFSET ? LIMIT ?")
                .params(where.params(q.offset(), q.limit()))
                .query((rs, i) -> new ConnectionEvent(rs.getString("org_id"), rs.getString("asset_id"),
                        rs.getString("product_key"), rs.getString("device_key"),
                        ConnectionEvent.Type.valueOf(rs.getString("event_type")), Sql.instant(rs, "event_time"),
                        rs.getString("client_address"), rs.getString("transport")))
                .list();
    }

    @Override
    public long count(Query q) {
        Where where = where(q);
        return jdbc.sql("SELECT count(*) FROM device_connection_events" + where.sql()).params(where.params())
                .query(Long.class).single();
    }

    private static Where where(Query q) {
        return new Where(q.orgId()).eq("asset_id", q.assetId()).within("asset_id", q.scope()).eq("event_type", q.type() == null ? null
                : q.type().name()).since("event_time", q.from()).before("event_time", q.to());
    }
}
