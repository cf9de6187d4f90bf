package org.openenos.registry.postgres;

import java.util.List;
import java.util.Optional;
import org.openenos.identity.OrganizationStore;
import org.openenos.model.identity.Organization;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

public final class PostgresOrganizationStore implements OrganizationStore {
    private static final RowMapper<Organization> ROW = (rs, i) -> new Organization(rs.getString("org_id"),
            rs.getString("name"), rs.getString("description"), Sql.instant(rs, "create_time"));
    private final JdbcClient jdbc;

    public PostgresOrganizationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(Organization o) {
        jdbc.sql("INSERT INTO organizations (org_id, name, description, create_time) VALUES (?, ?, ?, ?)")
                .params(o.orgId(), o.name(), o.description(), Sql.ts(o.createTime())).update();
    }

    @Override
    public Optional<Organization> find(String orgId) {
        return jdbc.sql("SELECT * FROM organizations WHERE org_id = ?").param(orgId).query(ROW).optional();
    }

    @Override
    public Optional<Organization> findByName(String name) {
        return jdbc.sql("SELECT * FROM organizations WHERE name = ?").param(name).query(ROW).optional();
    }

    @Override
    public List<Organization> list() {
        return jdbc.sql("SELECT * FROM organizations ORDER BY create_time").query(ROW).list();
    }

    @Override
    public void update(Organization o) {
        jdbc.sql("UPDATE organizations SET name = ?, description = ? WHERE org_id = ?")
                .params(o.name(), o.description(), o.orgId()).update();
    }

    @Override
    public boolean delete(String orgId) {
        return jdbc.sql("DELETE FROM organizations WHERE org_id = ?").param(orgId).update() > 0;
    }
}
