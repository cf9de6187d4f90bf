package org.openenos.alerting.postgres;

import java.util.List;
import org.openenos.alerting.RulePreview;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The assets whose model is the given one or inherits from it (its id is on the model's {@code modelIdPath}). */
public final class PostgresModelAssets implements RulePreview.ModelAssets {
    private final JdbcClient jdbc;

    public PostgresModelAssets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> assetsOfModel(String orgId, String modelId, int limit) {
        return jdbc.sql("""
                SELECT a.asset_id FROM assets a
                LEFT JOIN thing_models m ON m.model_id = a.model_id AND m.owner IN (a.org_id, '')
                WHERE a.org_id = ? AND (a.model_id = ? OR ? = ANY (string_to_array(m.model_id_path, '/')))
                ORDER BY a.asset_id LIMIT ?""")
                .params(orgId, modelId, modelId, limit).query(String.class).list();
    }
}
