package org.openenos.registry.postgres;

import java.util.List;
import java.util.Optional;
import org.openenos.model.ThingModel;
import org.openenos.registry.ThingModelStore;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Thing models as JSONB documents; public models are stored under the owner ''. */
public final class PostgresThingModelStore implements ThingModelStore {
    private static final RowMapper<ThingModel> ROW = (rs, i) -> Json.read(rs.getString("body"), ThingModel.class);
    private final JdbcClient jdbc;

    public PostgresThingModelStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static String owner(String orgId) {
        return orgId == null ? "" : orgId;
    }

    @Override
    public void insert(ThingModel m) {
        jdbc.sql("INSERT INTO thing_models (owner, model_id, model_id_path, body) VALUES (?, ?, ?, ?::jsonb)")
                .params(owner(m.orgId()), m.modelId(), m.modelIdPath(), Json.write(m)).update();
    }

    @Override
    public void update(ThingModel m) {
        jdbc.sql("""
                UPDATE thing_models SET model_id_path = ?, body = ?::jsonb, update_time = now()
                WHERE owner = ? AND model_id = ?""")
                .params(m.modelIdPath(), Json.write(m), owner(m.orgId()), m.modelId()).update();
    }

    @Override
    public Optional<ThingModel> find(String orgId, String modelId) {
        return jdbc.sql("""
                SELECT body FROM thing_models WHERE model_id = ? AND owner IN (?, '')
                ORDER BY owner DESC LIMIT 1""")
                .params(modelId, owner(orgId)).query(ROW).optional();
    }

    @Override
    public List<ThingModel> listVisible(String orgId) {
        return jdbc.sql("SELECT body FROM thing_models WHERE owner IN (?, '') ORDER BY model_id")
                .param(owner(orgId)).query(ROW).list();
    }

    @Override
    public boolean delete(String orgId, String modelId) {
        return jdbc.sql("DELETE FROM thing_models WHERE owner = ? AND model_id = ?")
                .params(owner(orgId), modelId).update() > 0;
    }

    @Override
    public boolean hasChildren(String orgId, String modelId) {
        return jdbc.sql("""
                SELECT count(*) FROM thing_models WHERE owner IN (?, '') AND model_id <> ?
                AND (model_id_path LIKE ? OR model_id_path LIKE ?)""")
                .params(owner(orgId), modelId, "%/" + modelId + "/%", "/" + modelId + "/%")
                .query(Long.class).single() > 0;
    }
}
