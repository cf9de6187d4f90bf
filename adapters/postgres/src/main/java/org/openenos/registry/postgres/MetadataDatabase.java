package org.openenos.registry.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.openenos.security.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database that holds metadata. With a JDBC URL it connects to that server; without one it starts an
 * embedded PostgreSQL (the same engine and SQL) on a data directory that survives restarts. Either way the schema is
 * migrated with Flyway before anything else uses it.
 *
 * <p>The embedded server asks every connection for a password (SCRAM-SHA-256, see {@link EmbeddedAuthentication});
 * the passwords are generated on first start and kept in the key directory. The server works as the role
 * {@value ApplicationRole#NAME}, which owns its schema and is not a superuser ({@link ApplicationRole}).
 */
public final class MetadataDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataDatabase.class);

    /**
     * {@code jdbcUrl} null or blank selects the embedded server under {@code embeddedDir}; its passwords are kept in
     * {@code keysDir}.
     */
    public record Config(String jdbcUrl, String username, String password, Path embeddedDir, int embeddedPort,
                         int maxPoolSize, Path keysDir) {
        /** The key directory beside the embedded data directory ({@code <data-dir>/keys}). */
        public Config(String jdbcUrl, String username, String password, Path embeddedDir, int embeddedPort,
                      int maxPoolSize) {
            this(jdbcUrl, username, password, embeddedDir, embeddedPort, maxPoolSize,
                    embeddedDir == null ? null : embeddedDir.toAbsolutePath().resolveSibling("keys"));
        }
    }

    static final String SUPERUSER_PASSWORD_FILE = "postgres-superuser.password";
    static final String APPLICATION_PASSWORD_FILE = "postgres-openenos.password";

    private final EmbeddedPostgres embedded;
    private final HikariDataSource dataSource;
    private final DataDirectoryLock lock;

    private MetadataDatabase(EmbeddedPostgres embedded, HikariDataSource dataSource, DataDirectoryLock lock) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.lock = lock;
    }

    public static MetadataDatabase start(Config config) {
        EmbeddedPostgres embedded = null;
        DataDirectoryLock lock = null;
        HikariConfig hikari = new HikariConfig();
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setPoolName("metadata");
        try {
            if (config.jdbcUrl() == null || config.jdbcUrl().isBlank()) {
                PrivateFiles.createDirectories(config.embeddedDir());
                lock = DataDirectoryLock.acquire(config.embeddedDir().resolveSibling("openenos.lock"));
                StalePostmaster.stopIfRunning(config.embeddedDir());
                PasswordFile superuser = PasswordFile.readOrCreate(config.keysDir().resolve(SUPERUSER_PASSWORD_FILE));
                PasswordFile application = PasswordFile.readOrCreate(
                        config.keysDir().resolve(APPLICATION_PASSWORD_FILE));
                long t0 = System.nanoTime();
                embedded = EmbeddedPostgres.builder()
                        .setPgBinaryResolver(EmbeddedBinaries.INSTANCE)
                        .setOverrideWorkingDirectory(EmbeddedBinaries.INSTANCE.workingDirectory().toFile())
                        .setDataDirectory(config.embeddedDir())
                        .setDataDirectoryCustomizer(dir -> EmbeddedAuthentication.secure(dir.toPath(), superuser))
                        // the library checks readiness by connecting as the superuser: with its password now
                        .setConnectConfig("password", superuser.password())
                        // TCP on loopback only; no Unix socket (it would sit in a shared directory such as /tmp)
                        .setServerConfig("listen_addresses", "localhost")
                        .setServerConfig("unix_socket_directories", "''")
                        .setCleanDataDirectory(false)
                        .setPort(config.embeddedPort())
                        // stopped by close(), after the components that write while the server stops: the library's
                        // own shutdown hook would stop it at the same moment, and their writes would fail (a cluster
                        // node could not leave; each waited the pool's 30 s time-out for a connection)
                        .setRegisterShutdownHook(false)
                        // initdb on a new directory takes seconds on a busy two-core machine
                        .setPGStartupWait(java.time.Duration.ofSeconds(90))
                        // The library's defaults are for throw-away test databases (fsync off); ours keeps data.
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .start();
                LOG.info("embedded PostgreSQL started on port {} in {} ms (data in {})", embedded.getPort(),
                        (System.nanoTime() - t0) / 1_000_000, config.embeddedDir());
                ApplicationRole.ensure(embedded.getPostgresDatabase(), application.password());
                hikari.setJdbcUrl(embedded.getJdbcUrl(ApplicationRole.NAME, "postgres"));
                hikari.setPassword(application.password());
            } else {
                hikari.setJdbcUrl(config.jdbcUrl());
                hikari.setUsername(config.username());
                hikari.setPassword(config.password());
            }
            HikariDataSource ds = new HikariDataSource(hikari);
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            return new MetadataDatabase(embedded, ds, lock);
        } catch (IOException | SQLException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the start failure is the error worth reporting
                }
            }
            throw new IllegalStateException("cannot start the metadata database: " + e.getMessage()
                    + passwordHint(e, config), e);
        }
    }

    /** When the embedded server refused our password, says how to recover instead of only "gave up waiting". */
    private static String passwordHint(Throwable e, Config config) {
        boolean embedded = config.jdbcUrl() == null || config.jdbcUrl().isBlank();
        for (Throwable t = e; embedded && t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("password authentication failed")) {
                return " (the embedded PostgreSQL refused the password in " + config.keysDir().resolve(
                        SUPERUSER_PASSWORD_FILE) + "; delete that file to have a new one set at the next start)";
            }
        }
        return "";
    }

    /** The JDBC URL the server's connections use (without credentials). */
    public String jdbcUrl() {
        return dataSource.getJdbcUrl();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
        if (lock != null) {
            lock.close();
        }
    }
}
