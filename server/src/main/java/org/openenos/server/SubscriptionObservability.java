package org.openenos.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.openenos.subscription.SubscriptionRouter;
import org.openenos.subscription.netty.SubscriptionListener;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Metrics and health of subscription delivery as a whole: how far the router lags behind the telemetry log and how
 * many SDK connections are open. Per subscription and group figures come from the engine's own meters. Always UP:
 * a backlog (after an upgrade the router starts at the oldest retained record) is reported, not a failure.
 */
@Component
public class SubscriptionObservability implements MeterBinder, HealthIndicator {
    private final SubscriptionRouter router;
    private final SubscriptionListener listener;

    public SubscriptionObservability(SubscriptionRouter router, SubscriptionListener listener) {
        this.router = router;
        this.listener = listener;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("openenos.subscription.router.routed.records", router, SubscriptionRouter::routedRecords)
                .description("telemetry log records routed into subscriptions since start").register(registry);
        Gauge.builder("openenos.subscription.router.skipped.records", router, SubscriptionRouter::skippedRecords)
                .description("telemetry log records passed over unread while no subscription took values")
                .register(registry);
        Gauge.builder("openenos.subscription.router.backlog.records", router, SubscriptionRouter::backlog)
                .description("acknowledged telemetry log records not yet routed into subscriptions")
                .register(registry);
    }

    @Override
    public Health health() {
        return Health.up().withDetail("routerBacklogRecords", router.backlog())
                .withDetail("routedRecords", router.routedRecords())
                .withDetail("skippedRecords", router.skippedRecords())
                .withDetail("connections", listener.connections()).build();
    }
}
