package org.openenos.registry.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openenos.model.identity.AssetScope;
import org.openenos.registry.AssetScopes;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Scope membership of many asset ids in one query ({@link ScopeSql}). */
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
    public String deviceAssetId(String orgId, String productKey, String deviceKey) {
        return jdbc.sql("SELECT asset_id FROM devices WHERE org_id = ? AND product_key = ? AND device_key = ?")
                .params(orgId, productKey, deviceKey).query(String.class).optional().orElse(null);
    }
}
