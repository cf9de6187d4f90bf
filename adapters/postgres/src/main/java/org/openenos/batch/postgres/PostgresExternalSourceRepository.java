package org.openenos.batch.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.openenos.batch.ExternalSource;
import org.openenos.batch.ExternalSourceRepository;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Registered external sources in table {@code batch_sources} (V102). */
public final class PostgresExternalSourceRepository implements ExternalSourceRepository {
    private final JdbcClient jdbc;

    public PostgresExternalSourceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insert(ExternalSource s) {
        return jdbc.sql("""
                INSERT INTO batch_sources (org_id, alias, jdbc_url, username, password_enc, read_only, create_time)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(s.orgId(), s.alias(), s.jdbcUrl(), s.user(), s.encryptedPassword(), s.readOnly(),
                        Sql.ts(s.createTime()))
                .update() > 0;
    }

    @Override
    public Optional<ExternalSource> find(String orgId, String alias) {
        return jdbc.sql("SELECT * FROM batch_sources WHERE org_id = ? AND alias = ?").params(orgId, alias)
                .query(PostgresExternalSourceRepository::source).optional();
    }

    @Override
    public List<ExternalSource> list(String orgId) {
        return jdbc.sql("SELECT * FROM batch_sources WHERE org_id = ? ORDER BY alias").param(orgId)
                .query(PostgresExternalSourceRepository::source).list();
    }

    @Override
    public boolean delete(String orgId, String alias) {
        return jdbc.sql("DELETE FROM batch_sources WHERE org_id = ? AND alias = ?").params(orgId, alias)
                .update() > 0;
    }

    private static ExternalSource source(ResultSet rs, int row) throws SQLException {
        return new ExternalSource(rs.getString("org_id"), rs.getString("alias"), rs.getString("jdbc_url"),
                rs.getString("username"), rs.getString("password_enc"), rs.getBoolean("read_only"),
                Sql.instant(rs, "create_time"));
    }
}
