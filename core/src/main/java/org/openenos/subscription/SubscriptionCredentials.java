package org.openenos.subscription;

/** What a create or a secret rotation returns: the only time the access secret is shown. */
public record SubscriptionCredentials(String subId, String accessKey, String accessSecret) {
    @Override
    public String toString() {
        return "SubscriptionCredentials[subId=" + subId + ", accessKey=" + accessKey + "]";
    }
}
