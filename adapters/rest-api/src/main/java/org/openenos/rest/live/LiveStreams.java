package org.openenos.rest.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetrySubscriptions;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Fans stored values out to open live streams. One subscription to the pipeline serves every browser: values are
 * routed by asset id through an index, so the cost per value does not grow with the number of open streams. The
 * subscription is held only while a stream is open: on a bus shared by several nodes it is a reader of the whole
 * bus, which a node nobody watches should not pay for.
 */
@Component
public class LiveStreams {
    static final int MAX_STREAMS = 2_000;
    static final long STREAM_TIMEOUT_MILLIS = 30 * 60 * 1000L;

    private final Map<String, Set<LiveConnection>> byAsset = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final TelemetrySubscriptions subscriptions;
    private final Object subscribing = new Object();
    private AutoCloseable subscription;
    private final Counter sent;
    private final Counter dropped;

    public LiveStreams(TelemetrySubscriptions subscriptions, MeterRegistry meters) {
        this.sent = meters.counter("openenos.live.values.sent");
        this.dropped = meters.counter("openenos.live.values.dropped");
        Gauge.builder("openenos.live.streams", open, AtomicInteger::get).register(meters);
        this.subscriptions = subscriptions;
    }

    SseEmitter open(String orgId, Set<String> assetIds, Set<String> pointIds) {
        if (open.incrementAndGet() > MAX_STREAMS) {
            open.decrementAndGet();
            throw new OpenEnosException(ErrorCode.TOO_MANY_REQUESTS, "too many live streams open; retry later");
        }
        try {
            subscribeIfNeeded();
        } catch (RuntimeException e) {
            open.decrementAndGet();
            throw new OpenEnosException(ErrorCode.UNAVAILABLE, "live values are unavailable: " + e.getMessage());
        }
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
        LiveConnection c = new LiveConnection(orgId, assetIds, pointIds, emitter, sent, dropped, this::remove);
        assetIds.forEach(a -> byAsset.computeIfAbsent(a, k -> ConcurrentHashMap.newKeySet()).add(c));
        c.start();
        return emitter;
    }

    int openStreams() {
        return open.get();
    }

    private void route(List<MeasurePointValue> values) {
        if (byAsset.isEmpty()) {
            return;
        }
        for (MeasurePointValue v : values) {
            Set<LiveConnection> listeners = byAsset.get(v.assetId());
            if (listeners != null) {
                listeners.forEach(c -> c.offer(v));
            }
        }
    }

    private void remove(LiveConnection c) {
        open.decrementAndGet();
        c.assetIds().forEach(a -> byAsset.computeIfPresent(a, (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        }));
        unsubscribeIfUnwatched();
    }

    /** Before the stream answers, so that it sees every value stored after it opened. */
    private void subscribeIfNeeded() {
        synchronized (subscribing) {
            if (subscription == null) {
                subscription = subscriptions.subscribe(this::route);
            }
        }
    }

    private void unsubscribeIfUnwatched() {
        synchronized (subscribing) {
            if (open.get() == 0 && subscription != null) {
                closeSubscription();
            }
        }
    }

    private void closeSubscription() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the live-value subscription", e);
        } finally {
            subscription = null;
        }
    }

    @PreDestroy
    void close() throws Exception {
        synchronized (subscribing) {
            if (subscription != null) {
                closeSubscription();
            }
        }
        byAsset.values().stream().flatMap(Set::stream).distinct().toList().forEach(LiveConnection::close);
    }
}
