package org.openenos.connectivity;

import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/** Where device events go (event store, alerting); the future completes when the event is durable. */
@FunctionalInterface
public interface DeviceEventSink {
    CompletableFuture<Void> accept(DeviceEventRecord event);

    /** Used until an event store is wired: the event is logged and acknowledged. */
    DeviceEventSink LOGGING = event -> {
        LoggerFactory.getLogger(DeviceEventSink.class).info("Device event {} of asset {} at {}",
                event.eventId(), event.assetId(), event.time());
        return CompletableFuture.completedFuture(null);
    };
}
