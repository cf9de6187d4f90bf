package org.openenos.connectivity.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.DeviceEventRecord;
import org.openenos.connectivity.DeviceEventStore;
import org.openenos.model.Device;
import org.openenos.registry.DeviceDirectory;
import org.openenos.registry.postgres.Json;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Device events in table {@code device_events} (migration V41). The insert commits before the device's reply is
 * sent, so an acknowledged event is never lost.
 */
public final class PostgresDeviceEventStore implements DeviceEventStore {
    private final JdbcClient jdbc;
    private final DeviceDirectory directory;
    private final Clock clock;

    public PostgresDeviceEventStore(JdbcClient jdbc, DeviceDirectory directory, Clock clock) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> accept(DeviceEventRecord e) {
        Device device = directory.deviceByAsset(e.assetId()).orElse(null);
        jdbc.sql("""
                INSERT INTO device_events (org_id, asset_id, product_key, device_key, model_id, event_key, event_type,
                    output, event_time, receive_time) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?, ?)""")
                .params(e.orgId(), e.assetId(), device == null ? null : device.productKey(),
                        device == null ? null : device.deviceKey(), e.modelId(), e.eventId(),
                        e.eventType() == null ? null : e.eventType().name(), Json.write(e.output()),
                        Sql.ts(Instant.ofEpochMilli(e.time())), Sql.ts(clock.instant()))
                .update();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Optional<StoredEvent> find(String orgId, long eventId) {
        return jdbc.sql("SELECT * FROM device_events WHERE org_id = ? AND event_id = ?").params(orgId, eventId)
                .query(PostgresDeviceEventStore::map).optional();
    }

    @Override
    public List<StoredEvent> search(Query q) {
        Where where = where(q);
        return jdbc.sql("SELECT * FROM device_events" + where.sql()
                        + " ORDER BY event_time DESC, event_id DESC OFFSET ? LIMIT ?")
                .params(where.params(q.offset(), q.limit())).query(PostgresDeviceEventStore::map).list();
    }

    @Override
    public long count(Query q) {
        Where where = where(q);
        return jdbc.sql("SELECT count(*) FROM device_events" + where.sql()).params(where.params())
                .query(Long.class).single();
    }

    private static Where where(Query q) {
        return new Where(q.orgId()).eq("asset_id", q.assetId()).within("asset_id", q.scope())
                .eq("event_key", q.eventKey())
                .eq("event_type", q.eventType()).since("event_time", q.from()).before("event_time", q.to());
    }

    private static StoredEvent map(ResultSet rs, int row) throws SQLException {
        return new StoredEvent(rs.getLong("event_id"), rs.getString("org_id"), rs.getString("asset_id"),
                rs.getString("product_key"), rs.getString("device_key"), rs.getString("model_id"),
                rs.getString("event_key"), rs.getString("event_type"), Json.object(rs.getString("output")),
                Sql.instant(rs, "event_time"));
    }
}
