package org.openenos.alerting.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.alerting.AlertAction;
import org.openenos.alerting.notify.Notification;
import org.openenos.alerting.notify.NotificationChannel;
import org.openenos.alerting.notify.WebhookSignature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks: the alert as JSON ({@code {deliveryId, event, time, rule:{ruleId, ruleDesc}, alert:{…}}}) POSTed to the
 * action's URL. Any 2xx answer is success; anything else, or no answer within the timeout, is a failed attempt that
 * the notifier retries.
 */
public final class HttpWebhookChannel implements NotificationChannel {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http;
    private final Duration timeout;

    public HttpWebhookChannel(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String type() {
        return AlertAction.WEBHOOK;
    }

    @Override
    public String render(Notification n) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("ruleId", n.rule().ruleId());
        rule.put("ruleDesc", n.rule().ruleDesc());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", n.deliveryId());
        body.put("event", n.event());
        body.put("time", n.time());
        body.put("rule", rule);
        body.put("alert", n.alert());
        return JSON.writeValueAsString(body);
    }

    @Override
    public void deliver(Notification n, String payload) throws IOException, InterruptedException {
        String timestamp = Long.toString(System.currentTimeMillis());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(n.action().url())).timeout(timeout)
                .header("Content-Type", "application/json")
                .header(WebhookSignature.EVENT_HEADER, n.event())
                .header(WebhookSignature.DELIVERY_HEADER, n.deliveryId())
                .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
        if (n.action().secret() != null && !n.action().secret().isEmpty()) {
            request.header(WebhookSignature.SIGNATURE_HEADER,
                    WebhookSignature.sign(n.action().secret(), timestamp, payload));
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode());
        }
    }
}
