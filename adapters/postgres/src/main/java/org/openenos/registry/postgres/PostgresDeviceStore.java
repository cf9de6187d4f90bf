package org.openenos.registry.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.model.Device;
import org.openenos.model.DeviceStatus;
import org.openenos.model.StringI18n;
import org.openenos.registry.DeviceStore;
import org.openenos.security.SecretCipher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Devices: a row in {@code devices} joined with its twin in {@code assets}; the device secret is encrypted. */
public final class PostgresDeviceStore implements DeviceStore {
    private static final String SELECT = """
            SELECT d.*, a.name, a.description, a.timezone, a.attributes, a.tags
            FROM devices d JOIN assets a ON a.asset_id = d.asset_id""";
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;
    private final SecretCipher cipher;

    public PostgresDeviceStore(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.template = template;
        this.tx = tx;
        this.cipher = cipher;
    }

    private Device map(ResultSet rs, int i) throws SQLException {
        return new Device(rs.getString("org_id"), rs.getString("asset_id"), rs.getString("product_key"),
                rs.getString("device_key"), cipher.decrypt(rs.getString("device_secret_enc")),
                Json.read(rs.getString("name"), StringI18n.class), Json.read(rs.getString("description"),
                StringI18n.class), rs.getString("timezone"), Json.object(rs.getString("attributes")),
                Json.strings(rs.getString("tags")), DeviceStatus.valueOf(rs.getString("status")),
                rs.getBoolean("enabled"), rs.getString("gateway_asset_id"), Sql.instant(rs, "create_time"),
                Sql.instant(rs, "active_time"), Sql.instant(rs, "last_online_time"),
                Sql.instant(rs, "last_offline_time"));
    }

    @Override
    public void insertAll(List<Device> devices) {
        tx.executeWithoutResult(status -> {
            template.batchUpdate("""
                    INSERT INTO assets (asset_id, org_id, model_id, name, description, timezone, attributes, tags,
                                        is_device)
                    VALUES (?, ?, (SELECT model_id FROM products WHERE product_key = ?), ?::jsonb, ?::jsonb, ?,
                            ?::jsonb, ?::jsonb, true)""", devices, 1000, (ps, d) -> {
                ps.setString(1, d.assetId());
                ps.setString(2, d.orgId());
                ps.setString(3, d.productKey());
                ps.setString(4, Json.write(d.deviceName()));
                ps.setString(5, Json.write(d.deviceDesc()));
                ps.setString(6, d.timezone());
                ps.setString(7, Json.write(d.deviceAttributes()));
                ps.setString(8, Json.write(d.deviceTags()));
            });
            template.batchUpdate("""
                    INSERT INTO devices (asset_id, org_id, product_key, device_key, device_secret_enc, status, enabled,
                                         gateway_asset_id, create_time)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", devices, 1000, (ps, d) -> {
                ps.setString(1, d.assetId());
                ps.setString(2, d.orgId());
                ps.setString(3, d.productKey());
                ps.setString(4, d.deviceKey());
                ps.setString(5, cipher.encrypt(d.deviceSecret()));
                ps.setString(6, d.status().name());
                ps.setBoolean(7, d.enabled());
                ps.setString(8, d.gatewayAssetId());
                ps.setObject(9, Sql.ts(d.createTime()));
            });
        });
    }

    @Override
    public Optional<Device> find(String assetId) {
        return jdbc.sql(SELECT + " WHERE d.asset_id = ?").param(assetId).query(this::map).optional();
    }

    @Override
    public Optional<Device> find(String productKey, String deviceKey) {
        return jdbc.sql(SELECT + " WHERE d.product_key = ? AND d.device_key = ?").params(productKey, deviceKey)
                .query(this::map).optional();
    }

    private static final SqlFilter.Fields FIELDS = new SqlFilter.Fields(Map.of(
            "assetId", "d.asset_id", "productKey", "d.product_key", "deviceKey", "d.device_key",
            "status", "d.status", "timezone", "a.timezone", "gatewayAssetId", "d.gateway_asset_id",
            "deviceName", "(a.name ->> 'defaultValue')", "name", "(a.name ->> 'defaultValue')"),
            "a.tags", "a.attributes");

    private record Where(String sql, List<Object> params) {
    }

    private static Where where(Query q) {
        StringBuilder sql = new StringBuilder(" WHERE d.org_id = ?");
        List<Object> params = new ArrayList<>(List.of(q.orgId()));
        if (q.productKey() != null) {
            sql.append(" AND d.product_key = ?");
            params.add(q.productKey());
        }
        if (q.status() != null) {
            sql.append(" AND d.status = ?");
            params.add(q.status().name());
        }
        if (q.gatewayAssetId() != null) {
            sql.append(" AND d.gateway_asset_id = ?");
            params.add(q.gatewayAssetId());
        }
        if (q.nameLike() != null && !q.nameLike().isBlank()) {
            sql.append(" AND (a.name->>'defaultValue' ILIKE ? OR d.device_key ILIKE ? OR d.asset_id = ?)");
            String like = "%" + q.nameLike().replace("%", "\\%").replace("_", "\\_") + "%";
            params.add(like);
            params.add(like);
            params.add(q.nameLike());
        }
        if (q.expression() != null) {
            SqlFilter.Rendered f = SqlFilter.render(q.expression(), FIELDS);
            sql.append(" AND ").append(f.sql());
            params.addAll(f.params());
        }
        if (q.tags() != null) {
            for (Map.Entry<String, String> tag : q.tags().entrySet()) {
                sql.append(" AND a.tags ->> ? = ?");
                params.add(tag.getKey());
                params.add(tag.getValue());
            }
        }
        if (q.scope() != null && !q.scope().wholeOrganization()) {
            ScopeSql.Condition scope = ScopeSql.within("d.asset_id", q.scope());
            sql.append(" AND ").append(scope.sql());
            params.addAll(scope.params());
        }
        return new Where(sql.toString(), params);
    }

    @Override
    public List<Device> search(Query q) {
        Where w = where(q);
        List<Object> params = new ArrayList<>(w.params());
        params.add(q.limit());
        params.add(q.offset());
        return jdbc.sql(SELECT + w.sql() + " ORDER BY d.create_time, d.asset_id LIMIT ? OFFSET ?").params(params)
                .query(this::map).list();
    }

    @Override
    public long count(Query q) {
        Where w = where(q);
        return jdbc.sql("SELECT count(*) FROM devices d JOIN assets a ON a.asset_id = d.asset_id" + w.sql())
                .params(w.params()).query(Long.class).single();
    }

    @Override
    public void update(Device d) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                    UPDATE assets SET name = ?::jsonb, description = ?::jsonb, timezone = ?, attributes = ?::jsonb,
                    tags = ?::jsonb WHERE asset_id = ?""")
                    .params(Json.write(d.deviceName()), Json.write(d.deviceDesc()), d.timezone(),
                            Json.write(d.deviceAttributes()), Json.write(d.deviceTags()), d.assetId())
                    .update();
            jdbc.sql("UPDATE devices SET status = ?, enabled = ?, gateway_asset_id = ? WHERE asset_id = ?")
                    .params(d.status().name(), d.enabled(), d.gatewayAssetId(), d.assetId()).update();
        });
    }

    @Override
    public void replaceKey(String assetId, String deviceKey, String deviceSecret) {
        jdbc.sql("""
                UPDATE devices SET device_key = ?, device_secret_enc = ?, active_time = NULL,
                    status = CASE WHEN enabled THEN 'inactive' ELSE 'disabled' END WHERE asset_id = ?""")
                .params(deviceKey, cipher.encrypt(deviceSecret), assetId).update();
    }

    @Override
    public boolean delete(String assetId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            // Nodes below the device in any tree would lose their parent: remove those subtrees first.
            jdbc.sql("""
                    DELETE FROM asset_nodes n USING asset_nodes p
                    WHERE p.asset_id = ? AND n.tree_id = p.tree_id AND n.path LIKE p.path || '/%'""")
                    .param(assetId).update();
            jdbc.sql("UPDATE devices SET gateway_asset_id = NULL WHERE gateway_asset_id = ?").param(assetId).update();
            return jdbc.sql("DELETE FROM assets WHERE asset_id = ? AND is_device").param(assetId).update() > 0;
        }));
    }

    @Override
    public void updateConnection(String assetId, DeviceStatus status, Instant activeTime, Instant onlineTime,
                                 Instant offlineTime) {
        jdbc.sql("""
                UPDATE devices SET status = CASE WHEN enabled THEN ? ELSE 'disabled' END,
                    active_time = COALESCE(active_time, ?),
                    last_online_time = COALESCE(?, last_online_time),
                    last_offline_time = COALESCE(?, last_offline_time)
                WHERE asset_id = ?""")
                .params(status.name(), Sql.ts(activeTime), Sql.ts(onlineTime), Sql.ts(offlineTime), assetId)
                .update();
    }

    @Override
    public long countByProduct(String productKey) {
        return jdbc.sql("SELECT count(*) FROM devices WHERE product_key = ?").param(productKey).query(Long.class)
                .single();
    }
}
