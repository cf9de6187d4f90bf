package org.openenos.registry.postgres;

import java.time.Instant;
import java.util.Optional;
import org.openenos.identity.TokenStore;
import org.springframework.jdbc.core.simple.JdbcClient;

public final class PostgresTokenStore implements TokenStore {
    private final JdbcClient jdbc;

    public PostgresTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(IssuedToken t) {
        jdbc.sql("INSERT INTO access_tokens (token_hash, subject, subject_id, expires_at) VALUES (?, ?, ?, ?)")
                .params(t.tokenHash(), t.subject().name(), t.subjectId(), Sql.ts(t.expiresAt())).update();
    }

    @Override
    public Optional<IssuedToken> find(String tokenHash) {
        return jdbc.sql("SELECT * FROM access_tokens WHERE token_hash = ?").param(tokenHash)
                .query((rs, i) -> new IssuedToken(rs.getString("token_hash"), Subject.valueOf(rs.getString("subject")),
                        rs.getString("subject_id"), Sql.instant(rs, "expires_at")))
                .optional();
    }

    @Override
    public void delete(String tokenHash) {
        jdbc.sql("DELETE FROM access_tokens WHERE token_hash = ?").param(tokenHash).update();
    }

    @Override
    public void deleteBySubject(Subject subject, String subjectId) {
        jdbc.sql("DELETE FROM access_tokens WHERE subject = ? AND subject_id = ?").params(subject.name(), subjectId)
                .update();
    }

    @Override
    public void deleteExpired(Instant now) {
        jdbc.sql("DELETE FROM access_tokens WHERE expires_at < ?").param(Sql.ts(now)).update();
        jdbc.sql("DELETE FROM used_encryptions WHERE expires_at < ?").param(Sql.ts(now)).update();
    }

    @Override
    public boolean rememberEncryption(String encryption, Instant expiresAt) {
        return jdbc.sql("INSERT INTO used_encryptions (encryption, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(encryption, Sql.ts(expiresAt)).update() == 1;
    }
}
