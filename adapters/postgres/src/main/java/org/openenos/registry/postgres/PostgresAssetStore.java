package org.openenos.registry.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.openenos.model.Asset;
import org.openenos.model.StringI18n;
import org.openenos.registry.AssetStore;
import org.springframework.jdbc.core.simple.JdbcClient;

public final class PostgresAssetStore implements AssetStore {
    private final JdbcClient jdbc;

    public PostgresAssetStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Asset map(ResultSet rs, int i) throws SQLException {
        return new Asset(rs.getString("org_id"), rs.getString("asset_id"), rs.getString("model_id"), null,
                Json.read(rs.getString("name"), StringI18n.class), Json.read(rs.getString("description"),
                StringI18n.class), rs.getString("timezone"), Json.object(rs.getString("attributes")),
                Json.strings(rs.getString("tags")), rs.getBoolean("is_device"));
    }

    @Override
    public void insertAll(List<Asset> assets) {
        for (Asset a : assets) {
            jdbc.sql("""
                    INSERT INTO assets (asset_id, org_id, model_id, name, description, timezone, attributes, tags,
                                        is_device)
                    VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?)""")
                    .params(a.assetId(), a.orgId(), a.modelId(), Json.write(a.name()), Json.write(a.desc()),
                            a.timezone(), Json.write(a.attributes()), Json.write(a.tags()), a.isDevice())
                    .update();
        }
    }

    @Override
    public Optional<Asset> find(String assetId) {
        return jdbc.sql("SELECT * FROM assets WHERE asset_id = ?").param(assetId).query(PostgresAssetStore::map)
                .optional();
    }

    @Override
    public List<Asset> findAll(List<String> assetIds) {
        if (assetIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM assets WHERE asset_id = ANY (?)")
                .param(assetIds.toArray(String[]::new)).query(PostgresAssetStore::map).list();
    }

    @Override
    public void update(Asset a) {
        jdbc.sql("""
                UPDATE assets SET name = ?::jsonb, description = ?::jsonb, timezone = ?, attributes = ?::jsonb,
                tags = ?::jsonb WHERE asset_id = ?""")
                .params(Json.write(a.name()), Json.write(a.desc()), a.timezone(), Json.write(a.attributes()),
                        Json.write(a.tags()), a.assetId())
                .update();
    }

    @Override
    public boolean delete(String assetId) {
        return jdbc.sql("DELETE FROM assets WHERE asset_id = ? AND NOT is_device").param(assetId).update() > 0;
    }
}
