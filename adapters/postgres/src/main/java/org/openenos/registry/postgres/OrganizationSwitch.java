package org.openenos.registry.postgres;

import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sign-in rule an organization turns on or off, kept as one row per organization ({@code org_id}, the boolean
 * column, {@code update_time}): TOTP required (V204) and passwords disabled (V205). Off until the organization sets it.
 * Table and column names come from the stores' constants, never from a request.
 */
final class OrganizationSwitch {
    private final JdbcClient jdbc;
    private final String select;
    private final String upsert;

    OrganizationSwitch(JdbcClient jdbc, String table, String column) {
        this.jdbc = jdbc;
        this.select = "SELECT " + column + " FROM " + table + " WHERE org_id = ?";
        this.upsert = "INSERT INTO " + table + " (org_id, " + column + ", update_time) VALUES (?, ?, ?)"
                + " ON CONFLICT (org_id) DO UPDATE SET " + column + " = EXCLUDED." + column
                + ", update_time = EXCLUDED.update_time";
    }

    boolean isOn(String orgId) {
        return jdbc.sql(select).param(orgId).query(Boolean.class).optional().orElse(false);
    }

    void set(String orgId, boolean on, Instant now) {
        jdbc.sql(upsert).params(orgId, on, Sql.ts(now)).update();
    }
}
