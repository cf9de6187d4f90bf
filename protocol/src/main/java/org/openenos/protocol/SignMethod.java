package org.openenos.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * Digests of the login sign (reference §1.2). The {@code hmac…} names are aliases of the plain digests: the SDKs
 * append the secret to the string and digest it, they do not compute an HMAC.
 */
public enum SignMethod {
    SHA1("SHA-1", "HmacSHA1"),
    SHA256("SHA-256", "HmacSHA256"),
    MD5("MD5", "HmacMD5");

    private final String digestAlgorithm;
    private final String hmacAlgorithm;

    SignMethod(String digestAlgorithm, String hmacAlgorithm) {
        this.digestAlgorithm = digestAlgorithm;
        this.hmacAlgorithm = hmacAlgorithm;
    }

    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    public String hmacAlgorithm() {
        return hmacAlgorithm;
    }

    /** Accepts {@code sha1|hmacsha1}, {@code sha256|hmacsha256}, {@code md5|hmacmd5} in any case. */
    public static Optional<SignMethod> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalized = name.trim().toLowerCase(Locale.ROOT).replace("-", "");
        if (normalized.startsWith("hmac")) {
            normalized = normalized.substring(4);
        }
        return switch (normalized) {
            case "sha1" -> Optional.of(SHA1);
            case "sha256" -> Optional.of(SHA256);
            case "md5" -> Optional.of(MD5);
            default -> Optional.empty();
        };
    }

    /** True when the name asked for an HMAC: NODE's {@code hmacsha1} helper computes a real one. */
    public static boolean namesHmac(String name) {
        return name != null && name.trim().toLowerCase(Locale.ROOT).startsWith("hmac");
    }
}
