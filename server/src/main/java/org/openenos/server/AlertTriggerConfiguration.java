package org.openenos.server;

import java.util.concurrent.CompletableFuture;
import org.openenos.alerting.AlertEngine;
import org.openenos.connectivity.DeviceEventSink;
import org.openenos.model.Product;
import org.openenos.registry.DeviceStatusListener;
import org.openenos.registry.RegistryDeviceDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Feeds alert triggers other than telemetry into the engine: device events (WARN/ERROR events posted by devices) and
 * device status changes (online/offline), both pushed by connectivity and the registry, not polled.
 */
@Configuration(proxyBeanMethods = false)
public class AlertTriggerConfiguration {

    /**
     * Device events pass the subscriptions' outbox, are stored (the device's reply waits for that), appended to the
     * event subscriptions' logs and handed to the alert engine; a crash after the store is caught up at the next
     * start (ADR 0081).
     */
    @Bean
    @org.springframework.context.annotation.Primary
    DeviceEventSink deviceEventSink(AlertEngine engine, org.openenos.connectivity.DeviceEventStore store,
                                    org.openenos.subscription.DurableEvents subscriptions) {
        return event -> {
            var ticket = subscriptions.intend(event.orgId(), event.modelId(), event.assetId(),
                    SubscriptionEvents.deviceEvent(event));
            CompletableFuture<Void> stored;
            try {
                stored = store.accept(event);
            } catch (RuntimeException e) {
                subscriptions.abandon(ticket);
                throw e;
            }
            return stored.whenComplete((ok, failed) -> {
                if (failed != null) {
                    subscriptions.abandon(ticket);
                }
            }).thenRun(() -> {
                // Durable in the event subscriptions' logs before the device's reply, like in the event store.
                subscriptions.deliver(ticket);
                engine.onDeviceEvent(event.orgId(), event.modelId(), event.assetId(), event.eventId(),
                        event.output(), event.time());
            });
        };
    }

    @Bean
    DeviceStatusListener deviceStatusToAlerts(RegistryDeviceDirectory directory, AlertEngine engine) {
        DeviceStatusListener listener = (device, online, at) -> directory.product(device.productKey())
                .map(Product::modelId)
                .ifPresent(modelId -> engine.onDeviceStatus(device.orgId(), modelId, device.assetId(), online,
                        at.toEpochMilli()));
        directory.addStatusListener(listener);
        return listener;
    }
}
