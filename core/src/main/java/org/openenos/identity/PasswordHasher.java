package org.openenos.identity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt password hashes (cost 10: about 60 ms per check here, enough to make offline guessing expensive).
 *
 * <p>Hashes are written as {@code $2a$}, the form stored databases already hold, and {@code $2a$}, {@code $2b$} and
 * {@code $2y$} hashes all verify. bcrypt reads at most 72 bytes of a password: a longer one is refused rather than
 * silently cut, so two passwords that differ only after byte 72 never match each other.
 */
public final class PasswordHasher {
    private static final int COST = 10;
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final String VERSION = "2a";

    private final SecureRandom random = new SecureRandom();

    public String hash(String password) {
        if (password == null) {
            throw new IllegalArgumentException("password must not be null");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password cannot be more than " + MAX_PASSWORD_BYTES + " bytes");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate(VERSION, password.toCharArray(), salt, COST);
    }

    public boolean matches(String password, String hash) {
        if (password == null || hash == null
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException notBcrypt) {
            // A stored value that is not a bcrypt hash (or has an unknown version) matches no password.
            return false;
        }
    }
}
