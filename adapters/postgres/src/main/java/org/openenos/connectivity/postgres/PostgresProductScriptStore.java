package org.openenos.connectivity.postgres;

import java.util.Optional;
import org.openenos.connectivity.raw.ProductScriptStore;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Parsing scripts of custom-format products, one row per product. */
public final class PostgresProductScriptStore implements ProductScriptStore {
    private final JdbcClient jdbc;

    public PostgresProductScriptStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<StoredScript> find(String productKey) {
        return jdbc.sql("SELECT * FROM product_scripts WHERE product_key = ?").param(productKey)
                .query((rs, i) -> new StoredScript(rs.getString("org_id"), rs.getString("product_key"),
                        rs.getString("source"), Sql.instant(rs, "update_time")))
                .optional();
    }

    @Override
    public void save(StoredScript script) {
        jdbc.sql("""
                INSERT INTO product_scripts (product_key, org_id, source, update_time) VALUES (?, ?, ?, ?)
                ON CONFLICT (product_key) DO UPDATE SET source = EXCLUDED.source, update_time = EXCLUDED.update_time""")
                .params(script.productKey(), script.orgId(), script.source(), Sql.ts(script.updateTime()))
                .update();
    }

    @Override
    public boolean delete(String productKey) {
        return jdbc.sql("DELETE FROM product_scripts WHERE product_key = ?").param(productKey).update() > 0;
    }
}
