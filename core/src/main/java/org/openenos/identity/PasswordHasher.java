package org.openenos.identity;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** bcrypt password hashes (cost 10: about 60 ms per check here, enough to make offline guessing expensive). */
public final class PasswordHasher {
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return password != null && hash != null && encoder.matches(password, hash);
    }
}
