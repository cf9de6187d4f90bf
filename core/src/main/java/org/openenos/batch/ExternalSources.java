package org.openenos.batch;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.security.SecretCipher;

/**
 * External sources an organization registers once and then names in SQL. The alias is unique in the organization
 * and cannot be changed (EnOS data federation); credentials are encrypted at rest and decrypted only to connect.
 */
public final class ExternalSources {
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final int MAX_PER_ORG = 10;
    private static final List<String> RESERVED = List.of("history", "assets", "asset_attributes", "metadata");
    private final ExternalSourceRepository repository;
    private final SecretCipher cipher;
    private final Clock clock;

    public record Credentials(String jdbcUrl, String user, String password, boolean readOnly) {
        @Override
        public String toString() {
            return "Credentials[" + jdbcUrl + ", " + user + "]";
        }
    }

    public ExternalSources(ExternalSourceRepository repository, SecretCipher cipher, Clock clock) {
        this.repository = repository;
        this.cipher = cipher;
        this.clock = clock;
    }

    public ExternalSource register(String orgId, String alias, String jdbcUrl, String user, String password,
                                   boolean readOnly) {
        if (alias == null || !ALIAS.matcher(alias).matches() || RESERVED.contains(alias)) {
            throw OpenEnosException.badArgument("alias must be 1–32 lower-case letters, digits or _, start with a "
                    + "letter, and not be one of " + RESERVED);
        }
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:postgresql://") || jdbcUrl.startsWith("jdbc:mysql://")
                || jdbcUrl.startsWith("jdbc:mariadb://"))) {
            throw OpenEnosException.badArgument("jdbcUrl: PostgreSQL (jdbc:postgresql://host:port/db) and MySQL or "
                    + "MariaDB (jdbc:mysql://host:port/db, jdbc:mariadb://…) sources are supported");
        }
        if (repository.list(orgId).size() >= MAX_PER_ORG) {
            throw OpenEnosException.badArgument("an organization registers at most " + MAX_PER_ORG + " sources");
        }
        ExternalSource s = new ExternalSource(orgId, alias, jdbcUrl, user == null ? "" : user,
                cipher.encrypt(password == null ? "" : password), readOnly, clock.instant());
        if (!repository.insert(s)) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "the organization already has a source " + alias
                    + " (an alias cannot be changed: delete it and register again)");
        }
        return s;
    }

    public List<ExternalSource> list(String orgId) {
        return repository.list(orgId);
    }

    public void delete(String orgId, String alias) {
        if (!repository.delete(orgId, alias)) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "source " + alias);
        }
    }

    /** Decrypted connection settings of the organization's source, for the engine about to connect. */
    public Optional<Credentials> credentials(String orgId, String alias) {
        return repository.find(orgId, alias).map(s -> new Credentials(s.jdbcUrl(), s.user(),
                cipher.decrypt(s.encryptedPassword()), s.readOnly()));
    }
}
