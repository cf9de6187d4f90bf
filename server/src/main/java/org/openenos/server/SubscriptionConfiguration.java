package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.model.Device;
import org.openenos.subscription.DurableEvents;
import org.openenos.subscription.postgres.PostgresEventOutbox;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.openenos.subscription.postgres.PostgresSharedSubscriptionLog;
import org.openenos.alerting.AlertAssets;
import org.openenos.alerting.AlertEngine;
import org.openenos.alerting.AlertListener;
import org.openenos.model.Product;
import org.openenos.registry.AssetTreeService;
import org.openenos.registry.DeviceStatusListener;
import org.openenos.registry.RegistryDeviceDirectory;
import org.openenos.security.SecretCipher;
import org.openenos.alerting.postgres.PostgresAlertStore;
import org.openenos.subscription.AlertCatchUp;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionConfig;
import org.openenos.subscription.SubscriptionType;
import org.openenos.subscription.SubscriptionEngine;
import org.openenos.subscription.SubscriptionRouter;
import org.openenos.subscription.SubscriptionScope;
import org.openenos.subscription.SubscriptionService;
import org.openenos.subscription.SubscriptionWebhooks;
import org.openenos.alerting.webhook.SignedWebhookPost;
import org.openenos.subscription.netty.SubscriptionListener;
import org.openenos.subscription.postgres.PostgresSubscriptionStore;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires data subscription: jobs in PostgreSQL, their logs under {@code <data-dir>/subscriptions}, fed by a consumer
 * group of the telemetry bus, by the alert engine (raised and recovered alerts) and by device status changes; the
 * EnOS SDK listener on {@code openenos.subscription.port}. Device events are fed by {@link AlertTriggerConfiguration}'s
 * event sink.
 */
@Configuration(proxyBeanMethods = false)
public class SubscriptionConfiguration {

    @Bean
    PostgresSubscriptionStore subscriptionStore(JdbcClient jdbc) {
        return new PostgresSubscriptionStore(jdbc);
    }

    @Bean
    SubscriptionScope subscriptionScope(AlertAssets assets, AssetTreeService trees,
                                        RegistryDeviceDirectory directory) {
        return new RegistrySubscriptionScope(assets, trees, directory);
    }

    @Bean(destroyMethod = "close")
    SubscriptionEngine subscriptionEngine(OpenEnosProperties props, SubscriptionScope scope, MeterRegistry meters,
                                          Clock clock, DataSource dataSource,
                                          ObjectProvider<ClusterConfiguration.NodeIdentity> node) {
        var cfg = props.subscription();
        var config = new SubscriptionConfig(cfg.partitions(), cfg.retention(),
                SubscriptionConfig.DEFAULTS.segmentBytes(), cfg.pullWait(),
                SubscriptionConfig.DEFAULTS.maxPullMessages());
        var identity = node.getIfAvailable();
        if (identity != null) {
            // several nodes: one log per subscription in the shared database, whichever node a consumer uses
            return new SubscriptionEngine(new PostgresSharedSubscriptionLog(dataSource), identity.nodeId(),
                    cfg.memberTtl(), config, scope, meters, clock);
        }
        return new SubscriptionEngine(props.dataDir().resolve("subscriptions"), config, scope, meters, clock);
    }

    /** With several nodes, subscriptions created, changed or deleted through another node are picked up. */
    @Bean(destroyMethod = "close")
    SubscriptionRefresh subscriptionRefresh(SubscriptionService service, OpenEnosProperties props,
                                            ObjectProvider<ClusterConfiguration.NodeIdentity> node) {
        return new SubscriptionRefresh(service, node.getIfAvailable() == null ? null
                : props.subscription().refreshInterval());
    }

    /** Webhooks of subscriptions go out through the same signed POST as alert webhooks. */
    @Bean(destroyMethod = "close")
    SubscriptionWebhooks subscriptionWebhooks(SubscriptionEngine engine, SecretCipher cipher,
                                              OpenEnosProperties props) {
        var post = new SignedWebhookPost(props.notifications().webhookTimeout());
        return new SubscriptionWebhooks(engine, post::post, cipher::decrypt);
    }

    @Bean
    SubscriptionService subscriptionService(PostgresSubscriptionStore store, SubscriptionScope scope,
                                            SubscriptionEngine engine, SecretCipher cipher, Clock clock,
                                            SubscriptionWebhooks webhooks) {
        return new SubscriptionService(store, scope, engine, cipher, clock).start().withWebhooks(webhooks);
    }

    /** Closed before the engine (Spring destroys dependents first), so no routing runs into a closed log. */
    @Bean(destroyMethod = "close")
    SubscriptionRouter subscriptionRouter(TimeSeriesModule timeSeries, SubscriptionEngine engine,
                                          SubscriptionService service) {
        return new SubscriptionRouter(timeSeries.bus(), engine);
    }

    @Bean(destroyMethod = "close")
    SubscriptionListener subscriptionListener(OpenEnosProperties props, SubscriptionService service,
                                              SubscriptionEngine engine, MeterRegistry meters) {
        var cfg = props.subscription();
        var listener = new SubscriptionListener(cfg.host(), cfg.port(), service, engine, meters);
        return cfg.enabled() ? listener.start() : listener;
    }

    /**
     * Raised, recovered and closed alerts are appended (and fsynced) before the evaluator goes on; at start, changes
     * stored after the last delivered one (a crash in between) are delivered again.
     */
    @Bean
    AlertListener alertsToSubscriptions(AlertEngine alerts, PostgresAlertStore alertStore, SubscriptionEngine engine,
                                        SubscriptionService service, PostgresSubscriptionStore subscriptions,
                                        OpenEnosProperties props, Clock clock) {
        var catchUp = new AlertCatchUp(alertStore, engine,
                props.dataDir().resolve("subscriptions").resolve("alerts.watermark"));
        catchUp.catchUp(subscriptions.all().stream().filter(s -> s.type() == SubscriptionType.ALERT)
                .map(Subscription::orgId).distinct().toList(), clock.millis());
        AlertListener listener = (change, alert, rule) -> {
            if (change == AlertListener.Change.RAISED || change == AlertListener.Change.RECOVERED
                    || change == AlertListener.Change.CLOSED) {
                catchUp.deliver(alert);
            }
        };
        alerts.addListener(listener);
        return listener;
    }

    /**
     * Device events and connection changes pass the outbox (ADR 0081); what a crash left there is appended now, after
     * the subscriptions are loaded and before devices connect.
     */
    @Bean
    DurableEvents durableEvents(SubscriptionEngine engine, SubscriptionService service, JdbcClient jdbc,
                                ObjectProvider<ClusterConfiguration.NodeIdentity> node) {
        var identity = node.getIfAvailable();
        var events = new DurableEvents(engine, new PostgresEventOutbox(jdbc),
                identity == null ? "local" : identity.nodeId());
        events.drain();
        return events;
    }

    @Bean
    DeviceStatusListener deviceStatusToSubscriptions(RegistryDeviceDirectory directory, DurableEvents events) {
        DeviceStatusListener listener = new DeviceStatusListener() {
            /* One change at a time per device: the ticket written ahead of the registry's update. */
            private final Map<String, DurableEvents.Ticket> ahead = new ConcurrentHashMap<>();

            @Override
            public void beforeStatus(Device device, boolean online, Instant at) {
                var e = statusEvent(directory, device, online, at);
                var previous = ahead.put(device.assetId(),
                        events.intend(device.orgId(), (String) e.get("modelId"), device.assetId(), e));
                if (previous != null) {
                    events.abandon(previous);
                }
            }

            @Override
            public void onStatus(Device device, boolean online, Instant at) {
                var ticket = ahead.remove(device.assetId());
                var e = statusEvent(directory, device, online, at);
                if (ticket != null && ticket.entry().fields().equals(e)) {
                    events.deliver(ticket);
                } else {
                    if (ticket != null) {
                        events.abandon(ticket);
                    }
                    events.deliverNow(device.orgId(), (String) e.get("modelId"), device.assetId(), e);
                }
            }
        };
        directory.addStatusListener(listener);
        return listener;
    }

    private static Map<String, Object> statusEvent(RegistryDeviceDirectory directory, Device device, boolean online,
                                                   Instant at) {
        String modelId = directory.product(device.productKey()).map(Product::modelId).orElse(null);
        var fields = new LinkedHashMap<String, Object>();
        fields.put("orgId", device.orgId());
        fields.put("assetId", device.assetId());
        fields.put("modelId", modelId);
        fields.put("productKey", device.productKey());
        fields.put("deviceKey", device.deviceKey());
        fields.put("eventType", online ? "ONLINE" : "OFFLINE");
        fields.put("time", at.toEpochMilli());
        return fields;
    }
}
