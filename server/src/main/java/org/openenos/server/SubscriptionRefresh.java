package org.openenos.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openenos.subscription.SubscriptionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With several nodes: every {@code interval}, this node's engine picks up subscriptions created, changed or deleted
 * through another node (they share the store and the logs; each node routes what it ingests). Nothing runs on a
 * single node ({@code interval} null).
 */
final class SubscriptionRefresh implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRefresh.class);

    private final ScheduledExecutorService timer;

    SubscriptionRefresh(SubscriptionService service, Duration interval) {
        if (interval == null) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("subscription-refresh").daemon().unstarted(r));
        long every = Math.max(100, interval.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                service.refresh();
            } catch (RuntimeException e) {
                LOG.warn("picking up subscriptions changed through other nodes failed: {}", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
