package org.openenos.batch.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.postgresql.ds.PGSimpleDataSource;
import org.openenos.batch.ExternalSources;

/**
 * Attaches a registered PostgreSQL source under its alias: one sub-schema per schema of its database, so tables
 * are named {@code alias.schema.table}. Connections are read-only (pgjdbc {@code readOnly} with
 * {@code readOnlyMode=always}: the server itself refuses writes) one connection per statement, none kept.
 */
final class ExternalSchemas {
    private ExternalSchemas() {
    }

    static AutoCloseable attach(SchemaPlus root, String alias, ExternalSources.Credentials cred) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(cred.jdbcUrl());
        ds.setUser(cred.user());
        ds.setPassword(cred.password());
        ds.setReadOnly(true);
        ds.setReadOnlyMode("always");
        ds.setConnectTimeout(10);
        SchemaPlus aliasSchema = root.add(alias, new AbstractSchema());
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getSchemas()) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                if (!schema.startsWith("pg_") && !schema.equals("information_schema")) {
                    aliasSchema.add(schema, JdbcSchema.create(aliasSchema, schema, ds, null, schema));
                }
            }
        } catch (SQLException e) {
            throw new SQLException("source " + alias + " cannot be reached: " + e.getMessage(), e);
        }
        return () -> { }; // connections are opened per statement and closed by Calcite
    }
}
