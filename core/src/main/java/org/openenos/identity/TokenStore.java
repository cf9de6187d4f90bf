package org.openenos.identity;

import java.time.Instant;
import java.util.Optional;

/**
 * Issued access tokens, kept by their SHA-256 hash so that a leaked table grants nothing. Tokens survive a restart.
 */
public interface TokenStore {
    enum Subject { USER, APPLICATION }

    record IssuedToken(String tokenHash, Subject subject, String subjectId, Instant expiresAt) {
    }

    void save(IssuedToken token);

    Optional<IssuedToken> find(String tokenHash);

    void delete(String tokenHash);

    /** Revokes every token of one user or application (password or role changed, secret rotated). */
    void deleteBySubject(Subject subject, String subjectId);

    void deleteExpired(Instant now);

    /** Remembers an app token request's encryption value to refuse a replay (EnOS code 1001). */
    boolean rememberEncryption(String encryption, Instant expiresAt);
}
