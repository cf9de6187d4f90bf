package org.openenos.registry.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.connectivity.files.DeviceFile;
import org.openenos.model.identity.AssetScope;
import org.openenos.registry.AssetScopes;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Scope membership of many asset ids in one query ({@link ScopeSql}); owners of many records in one query. */
public final class PostgresAssetScopes implements AssetScopes {
    private final JdbcClient jdbc;

    public PostgresAssetScopes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> within(String orgId, AssetScope scope, Collection<String> assetIds) {
        if (assetIds.isEmpty()) {
            return Set.of();
        }
        ScopeSql.Condition c = ScopeSql.within("a.asset_id", scope);
        List<Object> params = new ArrayList<>();
        params.add(orgId);
        params.add(assetIds.toArray(String[]::new));
        params.addAll(c.params());
        return new HashSet<>(jdbc.sql("SELECT a.asset_id FROM assets a WHERE a.org_id = ? AND a.asset_id = ANY(?) AND "
                + c.sql()).params(params).query(String.class).list());
    }

    @Override
    public Map<DeviceKeys, String> deviceAssetIds(String orgId, Collection<DeviceKeys> devices) {
        Map<DeviceKeys, String> found = new HashMap<>();
        if (devices.isEmpty()) {
            return found;
        }
        String[] products = devices.stream().map(DeviceKeys::productKey).toArray(String[]::new);
        String[] keys = devices.stream().map(DeviceKeys::deviceKey).toArray(String[]::new);
        jdbc.sql("SELECT d.product_key, d.device_key, d.asset_id FROM devices d "
                        + "JOIN unnest(?::text[], ?::text[]) AS k(product_key, device_key) "
                        + "ON d.product_key = k.product_key AND d.device_key = k.device_key WHERE d.org_id = ?")
                .params(products, keys, orgId)
                .query((rs, n) -> found.put(new DeviceKeys(rs.getString(1), rs.getString(2)), rs.getString(3)))
                .list();
        return found;
    }

    @Override
    public Map<String, Set<String>> subscriptionAssets(String orgId, Collection<String> subIds) {
        Map<String, Set<String>> found = new HashMap<>();
        if (subIds.isEmpty()) {
            return found;
        }
        // one row per named asset, and one with a null asset for a filter that names none
        jdbc.sql("""
                SELECT s.sub_id, a.asset_id FROM subscriptions s
                LEFT JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(s.filter -> 'assetIds') = 'array'
                    THEN s.filter -> 'assetIds' ELSE '[]'::jsonb END) AS a(asset_id) ON TRUE
                WHERE s.org_id = ? AND s.sub_id = ANY(?)""")
                .params(orgId, subIds.toArray(String[]::new))
                .query((rs, n) -> {
                    Set<String> assets = found.computeIfAbsent(rs.getString(1), k -> new HashSet<>());
                    if (rs.getString(2) != null) {
                        assets.add(rs.getString(2));
                    }
                    return null;
                }).list();
        return found;
    }

    @Override
    public Map<String, String> assetsOf(String orgId, Owned kind, Collection<String> ids) {
        Map<String, String> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        String sql = switch (kind) {
            case COMMAND -> "SELECT command_id, asset_id FROM device_commands WHERE org_id = ? AND command_id = ANY(?)";
            case ALERT -> "SELECT event_id, asset_id FROM active_alerts WHERE org_id = ? AND event_id = ANY(?) "
                    + "UNION ALL SELECT event_id, asset_id FROM history_alerts WHERE org_id = ? AND event_id = ANY(?)";
            case DEVICE_EVENT -> "SELECT event_id::text, asset_id FROM device_events WHERE org_id = ? "
                    + "AND event_id = ANY(?)";
            case DEVICE_FILE -> "SELECT file_id, asset_id FROM device_files WHERE org_id = ? AND file_id = ANY(?)";
        };
        List<Object> params = new ArrayList<>();
        params.add(orgId);
        switch (kind) {
            case DEVICE_EVENT -> params.add(ids.stream().filter(id -> id.matches("\\d{1,18}"))
                    .map(Long::valueOf).toArray(Long[]::new));
            case DEVICE_FILE -> params.add(ids.stream().map(PostgresAssetScopes::fileId).toArray(String[]::new));
            default -> params.add(ids.toArray(String[]::new));
        }
        if (kind == Owned.ALERT) {
            params.add(orgId);
            params.add(ids.toArray(String[]::new));
        }
        jdbc.sql(sql).params(params).query((rs, n) -> found.put(rs.getString(1), rs.getString(2))).list();
        if (kind == Owned.DEVICE_FILE) {
            // asked by file URI, answered by file id: map back to what was asked
            Map<String, String> byAsked = new HashMap<>();
            for (String id : ids) {
                String owner = found.get(fileId(id));
                if (owner != null) {
                    byAsked.put(id, owner);
                }
            }
            return byAsked;
        }
        return found;
    }

    private static String fileId(String fileUri) {
        return fileUri.startsWith(DeviceFile.URI_SCHEME) ? fileUri.substring(DeviceFile.URI_SCHEME.length()) : fileUri;
    }
}
