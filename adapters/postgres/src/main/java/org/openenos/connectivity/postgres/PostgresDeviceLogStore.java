package org.openenos.connectivity.postgres;

import java.util.List;
import org.openenos.connectivity.DeviceLog;
import org.openenos.connectivity.DeviceLogStore;
import org.openenos.registry.postgres.Json;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Device logs in table {@code device_logs} (migration V80). Each append deletes what lies beyond the newest
 * {@code maxPerDevice} records of that device, through the (asset, id) index, so the table stays bounded however
 * much a device posts.
 */
public final class PostgresDeviceLogStore implements DeviceLogStore {
    private final JdbcClient jdbc;
    private final int maxPerDevice;

    public PostgresDeviceLogStore(JdbcClient jdbc, int maxPerDevice) {
        if (maxPerDevice < 1) {
            throw new IllegalArgumentException("maxPerDevice must be positive");
        }
        this.jdbc = jdbc;
        this.maxPerDevice = maxPerDevice;
    }

    @Override
    public void append(DeviceLog log) {
        jdbc.sql("""
                INSERT INTO device_logs (org_id, asset_id, product_key, device_key, kind, level, module, content,
                    log_time) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?)""")
                .params(log.orgId(), log.assetId(), log.productKey(), log.deviceKey(), log.kind().name(), log.level(),
                        log.module(), Json.write(log.content()), Sql.ts(log.time()))
                .update();
        jdbc.sql("""
                DELETE FROM device_logs WHERE asset_id = ? AND id <= (SELECT id FROM device_logs WHERE asset_id = ?
                    ORDER BY id DESC OFFSET ? LIMIT 1)""")
                .params(log.assetId(), log.assetId(), maxPerDevice)
                .update();
    }

    @Override
    public List<DeviceLog> search(Query q) {
        Where where = where(q);
        return jdbc.sql("SELECT * FROM device_logs" + where.sql() + " ORDER BY log_time DESC, id DESC OFFSET ? LIMIT ?")
                .params(where.params(q.offset(), q.limit()))
                .query((rs, i) -> new DeviceLog(rs.getString("org_id"), rs.getString("asset_id"),
                        rs.getString("product_key"), rs.getString("device_key"),
                        DeviceLog.Kind.valueOf(rs.getString("kind")), rs.getString("level"), rs.getString("module"),
                        Json.object(rs.getString("content")), Sql.instant(rs, "log_time")))
                .list();
    }

    @Override
    public long count(Query q) {
        Where where = where(q);
        return jdbc.sql("SELECT count(*) FROM device_logs" + where.sql()).params(where.params())
                .query(Long.class).single();
    }

    private static Where where(Query q) {
        return new Where(q.orgId()).eq("asset_id", q.assetId()).within("asset_id", q.scope()).eq("kind", q.kind() == null ? null : q.kind().name())
                .eq("level", q.level()).since("log_time", q.from()).before("log_time", q.to());
    }
}
