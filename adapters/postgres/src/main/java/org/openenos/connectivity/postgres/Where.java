package org.openenos.connectivity.postgres;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openenos.model.identity.AssetScope;
import org.openenos.registry.postgres.ScopeSql;
import org.openenos.registry.postgres.Sql;

/** Builds a WHERE clause from optional filters; a null value leaves its filter out. */
final class Where {
    private final StringBuilder sql = new StringBuilder(" WHERE org_id = ?");
    private final List<Object> params = new ArrayList<>();

    Where(String orgId) {
        params.add(orgId);
    }

    Where eq(String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
        return this;
    }

    /** {@code column} names an asset under one of the scope's nodes; nothing added for the whole organization. */
    Where within(String column, AssetScope scope) {
        if (scope != null && !scope.wholeOrganization()) {
            ScopeSql.Condition in = ScopeSql.within(column, scope);
            sql.append(" AND ").append(in.sql());
            params.addAll(in.params());
        }
        return this;
    }

    Where since(String column, Instant from) {
        if (from != null) {
            sql.append(" AND ").append(column).append(" >= ?");
            params.add(Sql.ts(from));
        }
        return this;
    }

    Where before(String column, Instant to) {
        if (to != null) {
            sql.append(" AND ").append(column).append(" < ?");
            params.add(Sql.ts(to));
        }
        return this;
    }

    String sql() {
        return sql.toString();
    }

    List<Object> params() {
        return params;
    }

    List<Object> params(Object... more) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(List.of(more));
        return all;
    }
}
