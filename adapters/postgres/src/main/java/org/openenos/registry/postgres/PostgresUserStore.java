package org.openenos.registry.postgres;

import java.util.List;
import java.util.Optional;
import org.openenos.identity.UserStore;
import org.openenos.model.identity.Role;
import org.openenos.model.identity.User;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

public final class PostgresUserStore implements UserStore {
    private static final RowMapper<User> ROW = (rs, i) -> new User(rs.getString("user_id"), rs.getString("username"),
            rs.getString("org_id"), Role.valueOf(rs.getString("role")), rs.getString("email"),
            rs.getBoolean("enabled"), Sql.instant(rs, "create_time"));
    private final JdbcClient jdbc;

    public PostgresUserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(User u, String passwordHash) {
        jdbc.sql("""
                INSERT INTO users (user_id, username, org_id, role, email, enabled, password_hash, create_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(u.userId(), u.username(), u.orgId(), u.role().name(), u.email(), u.enabled(), passwordHash,
                        Sql.ts(u.createTime()))
                .update();
    }

    @Override
    public Optional<User> find(String userId) {
        return jdbc.sql("SELECT * FROM users WHERE user_id = ?").param(userId).query(ROW).optional();
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return jdbc.sql("SELECT * FROM users WHERE username = ?").param(username).query(ROW).optional();
    }

    @Override
    public Optional<String> passwordHash(String userId) {
        return jdbc.sql("SELECT password_hash FROM users WHERE user_id = ?").param(userId).query(String.class)
                .optional();
    }

    @Override
    public List<User> listByOrg(String orgId) {
        return jdbc.sql("SELECT * FROM users WHERE org_id = ? ORDER BY username").param(orgId).query(ROW).list();
    }

    @Override
    public void update(User u) {
        jdbc.sql("UPDATE users SET role = ?, email = ?, enabled = ? WHERE user_id = ?")
                .params(u.role().name(), u.email(), u.enabled(), u.userId()).update();
    }

    @Override
    public void updatePasswordHash(String userId, String passwordHash) {
        jdbc.sql("UPDATE users SET password_hash = ? WHERE user_id = ?").params(passwordHash, userId).update();
    }

    @Override
    public boolean delete(String userId) {
        return jdbc.sql("DELETE FROM users WHERE user_id = ?").param(userId).update() > 0;
    }

    @Override
    public long count() {
        return jdbc.sql("SELECT count(*) FROM users").query(Long.class).single();
    }
}
