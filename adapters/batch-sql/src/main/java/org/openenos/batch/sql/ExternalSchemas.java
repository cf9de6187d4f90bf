package org.openenos.batch.sql;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.openenos.batch.ExternalSources;

/**
 * Attaches a registered source under its alias, so tables are named {@code alias.db.table}: for PostgreSQL one
 * sub-schema per schema of its database, for MySQL/MariaDB one per database the user sees. Connections are
 * read-only at the server (pgjdbc {@code readOnly} with {@code readOnlyMode=always}; MySQL
 * {@code SET SESSION TRANSACTION READ ONLY} on every connection), one connection per statement, none kept.
 */
final class ExternalSchemas {
    private static final Set<String> MYSQL_SYSTEM = Set.of("information_schema", "mysql", "performance_schema", "sys");

    private ExternalSchemas() {
    }

    static AutoCloseable attach(SchemaPlus root, String alias, ExternalSources.Credentials cred,
                                StatementCanceller canceller) throws SQLException {
        SourceKind kind = SourceKind.of(cred.jdbcUrl());
        DataSource ds = canceller.track(kind == SourceKind.POSTGRESQL ? postgres(cred) : mysql(cred));
        SchemaPlus aliasSchema = root.add(alias, new AbstractSchema());
        try (Connection c = ds.getConnection();
             ResultSet rs = kind == SourceKind.POSTGRESQL ? c.getMetaData().getSchemas()
                     : c.getMetaData().getCatalogs()) {
            while (rs.next()) {
                String name = rs.getString(kind == SourceKind.POSTGRESQL ? "TABLE_SCHEM" : "TABLE_CAT");
                if (kind == SourceKind.POSTGRESQL && !name.startsWith("pg_") && !name.equals("information_schema")) {
                    aliasSchema.add(name, JdbcSchema.create(aliasSchema, name, ds, null, name));
                } else if (kind == SourceKind.MYSQL && !MYSQL_SYSTEM.contains(name.toLowerCase())) {
                    aliasSchema.add(name, JdbcSchema.create(aliasSchema, name, ds, MysqlDialect.FACTORY, name,
                            null));
                }
            }
        } catch (SQLException e) {
            throw new SQLException("source " + alias + " cannot be reached: " + e.getMessage(), e);
        }
        return () -> { }; // connections are opened per statement and closed by Calcite
    }

    private static DataSource postgres(ExternalSources.Credentials cred) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(cred.jdbcUrl());
        ds.setUser(cred.user());
        ds.setPassword(cred.password());
        ds.setReadOnly(true);
        ds.setReadOnlyMode("always");
        ds.setConnectTimeout(10);
        return ds;
    }

    static DataSource mysql(ExternalSources.Credentials cred) throws SQLException {
        MariaDbDataSource ds = new MariaDbDataSource(SourceKind.driverUrl(cred.jdbcUrl()));
        ds.setUser(cred.user());
        ds.setPassword(cred.password());
        return new ReadOnlySessions(ds);
    }

    /** Every connection handed out is read-only at the server before anyone may use it. */
    private record ReadOnlySessions(DataSource delegate) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return readOnly(delegate.getConnection());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return readOnly(delegate.getConnection(user, password));
        }

        private static Connection readOnly(Connection c) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute("SET SESSION TRANSACTION READ ONLY");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("not a wrapper of " + type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }
    }
}
