package org.openenos.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.security.SecretCipher;
import org.openenos.testkit.InMemorySubscriptionStore;

class SubscriptionWebhooksTest {
    @TempDir
    Path dir;

    @Test
    void aWebhookGetsEveryMessageAfterItsReceiverComesBackAndCommitsOnlyAcceptedBatches() throws Exception {
        var cipher = new SecretCipher(new byte[32]);
        var bodies = new CopyOnWriteArrayList<String>();
        var failuresLeft = new AtomicInteger(2);
        WebhookSender receiver = (url, secret, event, deliveryId, body) -> {
            assertThat(secret).isEqualTo("hmac-secret");
            if (failuresLeft.getAndDecrement() > 0) {
                throw new java.io.IOException("HTTP 503");
            }
            bodies.add(body);
        };
        try (var engine = new SubscriptionEngine(dir, SubscriptionConfig.DEFAULTS.withPullWait(Duration.ofMillis(100)),
                SubscriptionScope.OPEN, new SimpleMeterRegistry(), Clock.systemUTC());
             var webhooks = new SubscriptionWebhooks(engine, receiver, cipher::decrypt)) {
            var service = new SubscriptionService(new InMemorySubscriptionStore(), SubscriptionScope.OPEN, engine,
                    cipher, Clock.systemUTC()).start().withWebhooks(webhooks);
            service.create("o1", "s1", null, 0, null);
            service.setWebhook("o1", "s1", "https://example.com/hook", "hmac-secret");
            for (int i = 0; i < 5; i++) {
                engine.deliverValues(List.of(new MeasurePointValue("o1", "m1", "a1", "p", i, (double) i, null)),
                        false);
            }
            engine.flush();
            long deadline = System.currentTimeMillis() + 15_000;
            while (bodies.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(bodies).as("delivered after two refused attempts").isNotEmpty();
            assertThat(bodies.getFirst()).contains("\"subId\":\"s1\"", "\"deliveryId\":\"s1:");
            deadline = System.currentTimeMillis() + 5_000;
            while (engine.lag("s1").stream().filter(g -> g.consumerGroup().equals(SubscriptionWebhooks.GROUP))
                    .mapToLong(GroupLag::lag).sum() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            var lag = engine.lag("s1").stream().filter(g -> g.consumerGroup().equals(SubscriptionWebhooks.GROUP))
                    .findFirst().orElseThrow();
            assertThat(lag.lag()).as("committed once accepted").isZero();
        }
    }
}
