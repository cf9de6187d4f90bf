package org.openenos.registry.postgres;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.openenos.identity.RoleStore;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.CustomRole;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.RoleAssignment;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Custom roles and role assignments in {@code iam_roles} and {@code iam_role_assignments} (V200). */
public final class PostgresRoleStore implements RoleStore {
    private static final RowMapper<CustomRole> ROLE = (rs, i) -> new CustomRole(rs.getString("org_id"),
            rs.getString("role_id"), rs.getString("name"), rs.getString("description"),
            Arrays.stream(strings(rs, "permissions")).map(Permission::parse).collect(Collectors.toSet()),
            Sql.instant(rs, "create_time"), Sql.instant(rs, "update_time"));
    private static final RowMapper<RoleAssignment> ASSIGNMENT = (rs, i) -> new RoleAssignment(rs.getString("org_id"),
            RoleAssignment.Holder.valueOf(rs.getString("holder_kind")), rs.getString("holder_id"),
            rs.getString("role_id"), scope(strings(rs, "scope_nodes")), Sql.instant(rs, "create_time"));

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public PostgresRoleStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public void insert(CustomRole r) {
        jdbc.sql("""
                INSERT INTO iam_roles (role_id, org_id, name, description, permissions, create_time, update_time)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(r.roleId(), r.orgId(), r.name(), r.description(), keys(r), Sql.ts(r.createTime()),
                        Sql.ts(r.updateTime()))
                .update();
    }

    @Override
    public void update(CustomRole r) {
        jdbc.sql("""
                UPDATE iam_roles SET name = ?, description = ?, permissions = ?, update_time = ?
                WHERE org_id = ? AND role_id = ?""")
                .params(r.name(), r.description(), keys(r), Sql.ts(r.updateTime()), r.orgId(), r.roleId()).update();
    }

    @Override
    public boolean delete(String orgId, String roleId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            jdbc.sql("DELETE FROM iam_role_assignments WHERE org_id = ? AND role_id = ?").params(orgId, roleId)
                    .update();
            return jdbc.sql("DELETE FROM iam_roles WHERE org_id = ? AND role_id = ?").params(orgId, roleId)
                    .update() > 0;
        }));
    }

    @Override
    public Optional<CustomRole> find(String orgId, String roleId) {
        return jdbc.sql("SELECT * FROM iam_roles WHERE org_id = ? AND role_id = ?").params(orgId, roleId)
                .query(ROLE).optional();
    }

    @Override
    public List<CustomRole> list(String orgId) {
        return jdbc.sql("SELECT * FROM iam_roles WHERE org_id = ? ORDER BY name").param(orgId).query(ROLE).list();
    }

    @Override
    public void assign(RoleAssignment a) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO iam_role_assignments (org_id, holder_kind, holder_id, role_id, scope_nodes, create_time)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (holder_kind, holder_id, role_id) DO UPDATE SET scope_nodes = EXCLUDED.scope_nodes""")
                    .params(a.orgId(), a.holder().name(), a.holderId(), a.roleId(), nodes(a.scope()),
                            Sql.ts(a.createTime()))
                    .update();
            jdbc.sql("""
                    INSERT INTO iam_assignment_holders (holder_kind, holder_id, org_id, since) VALUES (?, ?, ?, ?)
                    ON CONFLICT (holder_kind, holder_id) DO NOTHING""")
                    .params(a.holder().name(), a.holderId(), a.orgId(), Sql.ts(a.createTime())).update();
        });
    }

    @Override
    public boolean managedByAssignments(RoleAssignment.Holder holder, String holderId) {
        return jdbc.sql("SELECT 1 FROM iam_assignment_holders WHERE holder_kind = ? AND holder_id = ?")
                .params(holder.name(), holderId).query(Integer.class).optional().isPresent();
    }

    @Override
    public boolean unassign(String orgId, RoleAssignment.Holder holder, String holderId, String roleId) {
        return jdbc.sql("""
                DELETE FROM iam_role_assignments WHERE org_id = ? AND holder_kind = ? AND holder_id = ?
                AND role_id = ?""").params(orgId, holder.name(), holderId, roleId).update() > 0;
    }

    @Override
    public List<RoleAssignment> assignmentsOf(RoleAssignment.Holder holder, String holderId) {
        return jdbc.sql("SELECT * FROM iam_role_assignments WHERE holder_kind = ? AND holder_id = ? ORDER BY role_id")
                .params(holder.name(), holderId).query(ASSIGNMENT).list();
    }

    @Override
    public List<RoleAssignment> assignments(String orgId) {
        return jdbc.sql("SELECT * FROM iam_role_assignments WHERE org_id = ? ORDER BY holder_kind, holder_id, role_id")
                .param(orgId).query(ASSIGNMENT).list();
    }

    private static String[] keys(CustomRole r) {
        return r.permissions().stream().map(Permission::key).sorted().toArray(String[]::new);
    }

    private static String[] nodes(AssetScope s) {
        return s.nodes().stream().map(n -> n.treeId() + "/" + n.assetId()).toArray(String[]::new);
    }

    private static AssetScope scope(String[] nodes) {
        List<AssetScope.Node> list = new ArrayList<>();
        for (String n : nodes) {
            int slash = n.indexOf('/');
            list.add(new AssetScope.Node(n.substring(0, slash), n.substring(slash + 1)));
        }
        return AssetScope.of(list);
    }

    private static String[] strings(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        return a == null ? new String[0] : (String[]) a.getArray();
    }
}
