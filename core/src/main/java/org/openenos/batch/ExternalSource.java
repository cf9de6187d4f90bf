package org.openenos.batch;

import java.time.Instant;

/**
 * A registered external JDBC source of an organization, named by its {@code alias} in SQL ({@code alias.db.table});
 * the password is stored encrypted ({@code security.SecretCipher}) and never returned by the API.
 */
public record ExternalSource(String orgId, String alias, String jdbcUrl, String user, String encryptedPassword,
                             boolean readOnly, Instant createTime) {
}
