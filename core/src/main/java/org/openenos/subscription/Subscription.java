package org.openenos.subscription;

import java.time.Instant;

/**
 * A subscription job of one organization. {@code encryptedSecret} is the access secret sealed by the server's
 * {@code SecretCipher}: the server must read it back to check an SDK's sign, so it cannot be a one-way hash.
 */
public record Subscription(String subId, String orgId, String name, SubscriptionType type, SubscriptionFilter filter,
                           String accessKey, String encryptedSecret, Instant createdAt, Instant updatedAt) {

    public Subscription withFilter(String newName, SubscriptionFilter newFilter, Instant at) {
        return new Subscription(subId, orgId, newName, type, newFilter, accessKey, encryptedSecret, createdAt, at);
    }

    public Subscription withSecret(String newEncryptedSecret, Instant at) {
        return new Subscription(subId, orgId, name, type, filter, accessKey, newEncryptedSecret, createdAt, at);
    }
}
