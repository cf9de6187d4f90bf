package org.openenos.alerting.webhook;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.alerting.AlertAction;
import org.openenos.alerting.notify.Notification;
import org.openenos.alerting.notify.NotificationChannel;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks: the alert as JSON ({@code {deliveryId, event, time, rule:{ruleId, ruleDesc}, alert:{…}}}) POSTed to the
 * action's URL. Any 2xx answer is success; anything else, or no answer within the timeout, is a failed attempt that
 * the notifier retries.
 */
public final class HttpWebhookChannel implements NotificationChannel {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final SignedWebhookPost post;

    public HttpWebhookChannel(Duration timeout) {
        this.post = new SignedWebhookPost(timeout);
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
        post.post(n.action().url(), n.action().secret(), n.event(), n.deliveryId(), payload);
    }
}
