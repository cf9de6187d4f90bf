package org.openenos.batch.sql;

/**
 * The kinds of external database a source may be: PostgreSQL (pgjdbc) or MySQL/MariaDB (MariaDB Connector/J, which
 * speaks to both). They differ in how names are quoted and in what the middle part of {@code alias.db.table} is: a
 * PostgreSQL schema, or a MySQL database.
 */
enum SourceKind {
    POSTGRESQL("\""), MYSQL("`");

    private final String quote;

    SourceKind(String quote) {
        this.quote = quote;
    }

    static SourceKind of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql://")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:mysql://") || jdbcUrl.startsWith("jdbc:mariadb://")) {
            return MYSQL;
        }
        throw new IllegalArgumentException("unsupported source URL (jdbc:postgresql://, jdbc:mysql:// or "
                + "jdbc:mariadb://)");
    }

    /** The URL the driver accepts: MariaDB Connector/J takes {@code jdbc:mysql:} only when told to. */
    static String driverUrl(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:mysql://")) {
            return jdbcUrl;
        }
        String url = "jdbc:mariadb://" + jdbcUrl.substring("jdbc:mysql://".length());
        return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }

    String quote(String name) {
        return quote + name + quote;
    }
}
