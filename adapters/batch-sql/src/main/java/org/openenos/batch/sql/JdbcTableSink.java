package org.openenos.batch.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openenos.batch.ExternalSources;

/**
 * Writes rows into a table of a registered source ({@code alias.schema.table}), in one transaction: with
 * {@code overwrite} the table is emptied first, so a re-run replaces its output instead of doubling it. Values go
 * as untyped parameters ({@code stringtype=unspecified}) and PostgreSQL casts them to the column types; MySQL and
 * MariaDB convert them themselves. For a MySQL source the middle part is the database.
 */
final class JdbcTableSink {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    record Target(String alias, String schema, String table) {
        static Target parse(String text) {
            String[] parts = text == null ? new String[0] : text.strip().split("\\.");
            if (parts.length != 3 || !java.util.Arrays.stream(parts).allMatch(p -> NAME.matcher(p).matches())) {
                throw new IllegalArgumentException("target \"" + text + "\" must be alias.schema.table");
            }
            return new Target(parts[0], parts[1], parts[2]);
        }
    }

    private JdbcTableSink() {
    }

    static long write(ExternalSources.Credentials cred, Target t, List<String> columns, Iterable<List<Object>> rows,
                      boolean overwrite, Runnable checkStop) throws SQLException {
        if (cred.readOnly()) {
            throw new IllegalArgumentException("source " + t.alias() + " is registered read-only: register it with "
                    + "readOnly=false to write into it");
        }
        for (String c : columns) {
            if (!NAME.matcher(c).matches()) {
                throw new IllegalArgumentException("column \"" + c + "\" is not a plain name: alias it in the query");
            }
        }
        SourceKind kind = SourceKind.of(cred.jdbcUrl());
        Properties p = new Properties();
        p.setProperty("user", cred.user());
        p.setProperty("password", cred.password());
        if (kind == SourceKind.POSTGRESQL) {
            p.setProperty("stringtype", "unspecified");
            p.setProperty("connectTimeout", "10");
        } else {
            p.setProperty("connectTimeout", "10000");
        }
        String table = kind.quote(t.schema()) + "." + kind.quote(t.table());
        String insert = "INSERT INTO " + table + " (" + columns.stream().map(kind::quote)
                .collect(Collectors.joining(", ")) + ") VALUES (" + columns.stream().map(c -> "?")
                .collect(Collectors.joining(", ")) + ")";
        try (Connection c = DriverManager.getConnection(SourceKind.driverUrl(cred.jdbcUrl()), p)) {
            c.setAutoCommit(false);
            try {
                if (overwrite) {
                    try (var st = c.createStatement()) {
                        st.executeUpdate("DELETE FROM " + table);
                    }
                }
                long n = 0;
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (List<Object> row : rows) {
                        for (int i = 0; i < columns.size(); i++) {
                            Object v = row.get(i);
                            ps.setObject(i + 1, v == null ? null : v instanceof Number || v instanceof Boolean ? v
                                    : v.toString());
                        }
                        ps.addBatch();
                        if (++n % 500 == 0) {
                            checkStop.run();
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
