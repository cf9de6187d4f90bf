package org.openenos.registry.postgres;

import java.util.List;
import java.util.Optional;
import org.openenos.identity.ApplicationStore;
import org.openenos.model.identity.Application;
import org.openenos.model.identity.Role;
import org.openenos.security.SecretCipher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Applications with their secret encrypted at rest. */
public final class PostgresApplicationStore implements ApplicationStore {
    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final RowMapper<Application> row;

    public PostgresApplicationStore(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.row = (rs, i) -> new Application(rs.getString("org_id"), rs.getString("app_key"),
                cipher.decrypt(rs.getString("app_secret_enc")), rs.getString("name"), rs.getString("description"),
                Role.valueOf(rs.getString("role")), Sql.instant(rs, "create_time"));
    }

    @Override
    public void insert(Application a) {
        jdbc.sql("""
                INSERT INTO applications (app_key, org_id, app_secret_enc, name, description, role, create_time)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(a.appKey(), a.orgId(), cipher.encrypt(a.appSecret()), a.name(), a.description(),
                        a.role().name(), Sql.ts(a.createTime()))
                .update();
    }

    @Override
    public Optional<Application> find(String appKey) {
        return jdbc.sql("SELECT * FROM applications WHERE app_key = ?").param(appKey).query(row).optional();
    }

    @Override
    public List<Application> listByOrg(String orgId) {
        return jdbc.sql("SELECT * FROM applications WHERE org_id = ? ORDER BY create_time").param(orgId).query(row)
                .list();
    }

    @Override
    public void update(Application a) {
        jdbc.sql("UPDATE applications SET app_secret_enc = ?, name = ?, description = ?, role = ? WHERE app_key = ?")
                .params(cipher.encrypt(a.appSecret()), a.name(), a.description(), a.role().name(), a.appKey())
                .update();
    }

    @Override
    public boolean delete(String appKey) {
        return jdbc.sql("DELETE FROM applications WHERE app_key = ?").param(appKey).update() > 0;
    }
}
