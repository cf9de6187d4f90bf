package org.openenos.server;

import java.time.Clock;
import java.util.ArrayList;
import org.openenos.alerting.AlertAssets;
import org.openenos.alerting.AlertEngine;
import org.openenos.alerting.platform.PlatformAlertAssets;
import org.openenos.alerting.platform.PlatformMetricSource;
import org.openenos.alerting.platform.PlatformMetricsSampler;
import org.openenos.streaming.StreamJobMetricSource;
import org.openenos.streaming.StreamingService;
import org.openenos.subscription.SubscriptionEngine;
import org.openenos.subscription.SubscriptionLagSource;
import org.openenos.subscription.SubscriptionStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stream jobs and subscription consumer groups as measure points of system assets, read periodically and handed to
 * the alert engine, so that an alert rule can fire on a job's or a group's lag (ADR 0072).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlatformMetricsProperties.class)
public class PlatformMetricsConfiguration {

    @Bean(destroyMethod = "close")
    PlatformMetricsSampler platformMetricsSampler(PlatformMetricsProperties props, AlertAssets assets,
                                                  AlertEngine alerts, ObjectProvider<StreamingService> streaming,
                                                  ObjectProvider<SubscriptionStore> subscriptions,
                                                  ObjectProvider<SubscriptionEngine> subscriptionEngine,
                                                  Clock clock) {
        var sources = new ArrayList<PlatformMetricSource>();
        streaming.ifAvailable(s -> sources.add(new StreamJobMetricSource(s)));
        SubscriptionStore store = subscriptions.getIfAvailable();
        SubscriptionEngine engine = subscriptionEngine.getIfAvailable();
        if (store != null && engine != null) {
            sources.add(new SubscriptionLagSource(store, engine));
        }
        PlatformAlertAssets platformAssets = assets instanceof PlatformAlertAssets p ? p
                : new PlatformAlertAssets(assets);
        return new PlatformMetricsSampler(sources, platformAssets, alerts::onValues, clock).start(props.interval());
    }
}
