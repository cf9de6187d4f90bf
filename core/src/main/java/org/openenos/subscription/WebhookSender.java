package org.openenos.subscription;

/**
 * POSTs one signed JSON body to a webhook URL (the notifications adapter's HTTP client, shared with alert
 * webhooks); throws when the receiver did not answer 2xx.
 */
@FunctionalInterface
public interface WebhookSender {
    void post(String url, String secret, String event, String deliveryId, String body) throws Exception;
}
