package org.openenos.registry.postgres;

import java.util.ArrayList;
import java.util.List;
import org.openenos.model.identity.AssetScope;
import org.openenos.registry.ScopedAssetListing;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Assets within a scope, filtered, counted and paged by PostgreSQL ({@link ScopeSql}). */
public final class PostgresScopedAssetListing implements ScopedAssetListing {
    private final JdbcClient jdbc;

    public PostgresScopedAssetListing(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Page list(String orgId, AssetScope scope, int offset, int limit) {
        ScopeSql.Condition in = ScopeSql.within("a.asset_id", scope);
        List<Object> params = new ArrayList<>();
        params.add(orgId);
        params.addAll(in.params());
        long total = jdbc.sql("SELECT count(*) FROM assets a WHERE a.org_id = ? AND " + in.sql()).params(params)
                .query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(limit);
        pageParams.add(offset);
        List<Entry> entries = jdbc.sql("SELECT a.asset_id, a.name->>'defaultValue' AS name FROM assets a"
                        + " WHERE a.org_id = ? AND " + in.sql() + " ORDER BY a.asset_id LIMIT ? OFFSET ?")
                .params(pageParams).query((rs, i) -> new Entry(rs.getString("asset_id"), rs.getString("name")))
                .list();
        return new Page(entries, total);
    }
}
