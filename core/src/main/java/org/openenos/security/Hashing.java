package org.openenos.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Digests as lower-case hex, and a comparison that takes the same time whatever the input. */
public final class Hashing {
    private Hashing() {
    }

    public static String sha256Hex(String text) {
        return hex("SHA-256", text);
    }

    public static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Case-insensitive for hex digests, constant-time for equal lengths. */
    public static boolean hexEquals(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.toLowerCase().getBytes(StandardCharsets.US_ASCII),
                actual.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }
}
