package org.openenos.registry.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role the server works as in the embedded database: it may log in, owns the {@code public} schema and every
 * object in it (so Flyway migrates as that owner), and nothing else: not a superuser, so no {@code COPY … TO
 * PROGRAM}, no reading of server files, no creating roles or databases. Run as the superuser at every start; each
 * step does nothing when it is already done, and objects an earlier version created as the superuser are handed
 * over.
 */
final class ApplicationRole {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationRole.class);
    static final String NAME = "openenos";

    private ApplicationRole() {
    }

    static void ensure(DataSource superuser, String password) throws SQLException {
        try (Connection c = superuser.getConnection(); Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + NAME + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE ROLE " + NAME + " LOGIN");
                LOG.info("created the database role '{}' the server works as", NAME);
            }
            s.execute("ALTER ROLE " + NAME
                    + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
            // sent as a SCRAM verifier computed by the driver: the clear text never reaches the server
            c.unwrap(PGConnection.class).alterUserPassword(NAME, password.toCharArray(), "scram-sha-256");
            s.execute("ALTER SCHEMA public OWNER TO " + NAME);
            int handedOver = handOver(c, s, "r', 'p', 'v', 'm', 'f");
            handedOver += handOver(c, s, "S"); // sequences not already moved with their table
            if (handedOver > 0) {
                LOG.info("handed {} tables, views and sequences over to the role '{}'", handedOver, NAME);
            }
        }
    }

    private static int handOver(Connection c, Statement s, String kinds) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT c.relkind, quote_ident(c.relname) FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('%s') AND pg_get_userbyid(c.relowner) <> ?
                """.formatted(kinds))) {
            q.setString(1, NAME);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String keyword = switch (rs.getString(1)) {
                        case "v" -> "VIEW";
                        case "m" -> "MATERIALIZED VIEW";
                        case "f" -> "FOREIGN TABLE";
                        case "S" -> "SEQUENCE";
                        default -> "TABLE";
                    };
                    statements.add("ALTER " + keyword + " public." + rs.getString(2) + " OWNER TO " + NAME);
                }
            }
        }
        for (String statement : statements) {
            s.execute(statement);
        }
        return statements.size();
    }
}
