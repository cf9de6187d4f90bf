package org.openenos.subscription;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.openenos.protocol.PlainJson;

/**
 * Pushes the messages of subscriptions that have a webhook, as the consumer group {@value #GROUP}: pull a batch, POST
 * it ({@code {subId, deliveryId, messages:[{partition, offset, timestamp, key, value}]}}, signed like alert
 * webhooks), commit only after a 2xx answer. A receiver that is down is retried with back-off (1 s doubling to
 * 60 s), never given up on: the batch stays in the log, the group's lag shows the backlog, and the retention window
 * bounds it. At least once: a receiver drops duplicates by {@code deliveryId} or by (partition, offset).
 */
public final class SubscriptionWebhooks implements AutoCloseable {
    public static final String GROUP = "webhook";
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionWebhooks.class);
    private static final long MAX_BACKOFF_MILLIS = 60_000;

    private final SubscriptionEngine engine;
    private final WebhookSender sender;
    private final UnaryOperator<String> decrypt;
    private final Map<String, Thread> pumps = new ConcurrentHashMap<>();

    public SubscriptionWebhooks(SubscriptionEngine engine, WebhookSender sender, UnaryOperator<String> decrypt) {
        this.engine = engine;
        this.sender = sender;
        this.decrypt = decrypt;
    }

    /** Starts, restarts (changed URL or secret) or stops the subscription's pump. */
    public void apply(Subscription s) {
        stop(s.subId());
        if (s.webhook() != null) {
            String secret = s.webhook().encryptedSecret() == null ? null : decrypt.apply(s.webhook().encryptedSecret());
            String url = s.webhook().url();
            pumps.put(s.subId(), Thread.ofVirtual().name("subscription-webhook-" + s.subId())
                    .start(() -> pump(s.subId(), url, secret)));
        }
    }

    public void stop(String subId) {
        Thread pump = pumps.remove(subId);
        if (pump != null) {
            pump.interrupt();
            try {
                pump.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void pump(String subId, String url, String secret) {
        try (SubscriptionConsumer consumer = engine.join(subId, GROUP)) {
            while (!Thread.currentThread().isInterrupted()) {
                var pull = consumer.pull();
                if (pull.messages().isEmpty()) {
                    continue;
                }
                var first = pull.messages().getFirst();
                String deliveryId = subId + ":" + first.partition() + ":" + first.offset() + ":"
                        + pull.messages().size();
                String body = body(subId, deliveryId, pull);
                deliver(url, secret, deliveryId, body);
                var last = new LinkedHashMap<Integer, Long>();
                pull.messages().forEach(m -> last.put(m.partition(), m.offset()));
                consumer.commit(last);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("webhook of subscription {} stopped", subId, e);
        }
    }

    private void deliver(String url, String secret, String deliveryId, String body) throws InterruptedException {
        long backoff = 1000;
        while (true) {
            try {
                sender.post(url, secret, "subscription.messages", deliveryId, body);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.info("webhook delivery {} failed ({}); retrying in {} ms", deliveryId, e.getMessage(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private static String body(String subId, String deliveryId, SubscriptionConsumer.Pull pull) {
        var messages = new java.util.ArrayList<Map<String, Object>>();
        for (SubscriptionMessage m : pull.messages()) {
            var item = new LinkedHashMap<String, Object>();
            item.put("partition", m.partition());
            item.put("offset", m.offset());
            item.put("timestamp", m.timestamp());
            item.put("key", m.key());
            item.put("value", PlainJson.read(m.value()));
            messages.add(item);
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("subId", subId);
        body.put("deliveryId", deliveryId);
        body.put("missed", pull.missed());
        body.put("messages", messages);
        return PlainJson.write(body);
    }

    @Override
    public void close() {
        pumps.keySet().forEach(this::stop);
    }
}
