package org.openenos.subscription;

import java.time.Instant;

/**
 * A subscription job of one organization. {@code encryptedSecret} is the access secret sealed by the server's
 * {@code SecretCipher}: the server must read it back to check an SDK's sign, so it cannot be a one-way hash.
 * {@code webhook} is null unless its messages are also POSTed to a URL.
 */
public record Subscription(String subId, String orgId, String name, SubscriptionType type, SubscriptionFilter filter,
                           String accessKey, String encryptedSecret, Instant createdAt, Instant updatedAt,
                           Webhook webhook) {

    /** Where messages are POSTed, signed with HMAC-SHA256 under the (sealed) secret, as alert webhooks are. */
    public record Webhook(String url, String encryptedSecret) {
    }

    public Subscription(String subId, String orgId, String name, SubscriptionType type, SubscriptionFilter filter,
                        String accessKey, String encryptedSecret, Instant createdAt, Instant updatedAt) {
        this(subId, orgId, name, type, filter, accessKey, encryptedSecret, createdAt, updatedAt, null);
    }

    public Subscription withWebhook(Webhook newWebhook, Instant at) {
        return new Subscription(subId, orgId, name, type, filter, accessKey, encryptedSecret, createdAt, at,
                newWebhook);
    }

    public Subscription withFilter(String newName, SubscriptionFilter newFilter, Instant at) {
        return new Subscription(subId, orgId, newName, type, newFilter, accessKey, encryptedSecret, createdAt, at,
                webhook);
    }

    public Subscription withSecret(String newEncryptedSecret, Instant at) {
        return new Subscription(subId, orgId, name, type, filter, accessKey, newEncryptedSecret, createdAt, at,
                webhook);
    }
}
