package org.openenos.alerting.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.openenos.alerting.notify.WebhookSignature;

/**
 * The one webhook POST of the platform, used by alert notifications and by subscription webhooks: JSON body, event,
 * delivery id and timestamp headers, and with a secret the {@link WebhookSignature} header. Any 2xx is success;
 * anything else, or no answer within the timeout, throws.
 */
public final class SignedWebhookPost {
    private final HttpClient http;
    private final Duration timeout;

    public SignedWebhookPost(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public void post(String url, String secret, String event, String deliveryId, String body)
            throws IOException, InterruptedException {
        String timestamp = Long.toString(System.currentTimeMillis());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .header(WebhookSignature.EVENT_HEADER, event)
                .header(WebhookSignature.DELIVERY_HEADER, deliveryId)
                .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (secret != null && !secret.isEmpty()) {
            request.header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body));
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode());
        }
    }
}
