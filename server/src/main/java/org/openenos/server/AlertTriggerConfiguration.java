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

    /** Events are logged as before and handed to the alert engine; there is no event store yet. */
    @Bean
    DeviceEventSink deviceEventSink(AlertEngine engine) {
        return event -> {
            engine.onDeviceEvent(event.orgId(), event.modelId(), event.assetId(), event.eventId(), event.output(),
                    event.time());
            return DeviceEventSink.LOGGING.accept(event).thenCompose(done -> CompletableFuture.completedFuture(null));
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
