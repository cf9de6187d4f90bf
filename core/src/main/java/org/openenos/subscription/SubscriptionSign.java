package org.openenos.subscription;

import org.openenos.security.Hashing;

/**
 * The sign an EnOS subscription SDK sends in its AuthReq: lower-case hex SHA-256 of
 * {@code "access_key" + accessKey + "access_secret" + accessSecret + "sub_id" + subId} (a plain digest, no timestamp).
 */
public final class SubscriptionSign {
    private SubscriptionSign() {
    }

    public static String of(String accessKey, String accessSecret, String subId) {
        return Hashing.sha256Hex("access_key" + accessKey + "access_secret" + accessSecret + "sub_id" + subId);
    }

    public static boolean matches(String sign, String accessKey, String accessSecret, String subId) {
        return Hashing.hexEquals(of(accessKey, accessSecret, subId), sign);
    }
}
