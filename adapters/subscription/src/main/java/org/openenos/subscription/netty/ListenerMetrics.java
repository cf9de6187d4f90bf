package org.openenos.subscription.netty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** Metrics of the listener as a whole; per subscription and group ones come from the engine. */
final class ListenerMetrics {
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter authFailures;
    private final Counter delivered;

    ListenerMetrics(MeterRegistry meters) {
        Gauge.builder("openenos.subscription.listener.connections", connections, AtomicInteger::get)
                .description("open SDK connections").register(meters);
        authFailures = Counter.builder("openenos.subscription.listener.auth.failures")
                .description("refused AuthReqs").register(meters);
        delivered = Counter.builder("openenos.subscription.listener.messages")
                .description("messages sent in PullRsps").register(meters);
    }

    void connected() {
        connections.incrementAndGet();
    }

    void disconnected() {
        connections.decrementAndGet();
    }

    void authFailed() {
        authFailures.increment();
    }

    void delivered(int count) {
        delivered.increment(count);
    }

    int connections() {
        return connections.get();
    }
}
