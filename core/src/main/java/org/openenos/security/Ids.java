package org.openenos.security;

import java.security.SecureRandom;

/** Random identifiers and secrets in the alphabets and lengths that EnOS clients expect. */
public final class Ids {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }

    public static String orgId() {
        return "o" + random(15);
    }

    public static String assetId() {
        return random(8);
    }

    public static String productKey() {
        return random(8);
    }

    public static String deviceKey() {
        return random(10);
    }

    public static String secret() {
        return random(20);
    }

    public static String userId() {
        return "u" + random(15);
    }

    /** appKey and appSecret look like UUIDs in EnOS; clients split them on dashes. */
    public static String uuidLike() {
        return java.util.UUID.randomUUID().toString();
    }

    public static String token() {
        return random(40);
    }
}
