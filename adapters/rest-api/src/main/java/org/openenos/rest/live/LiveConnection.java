package org.openenos.rest.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import io.micrometer.core.instrument.Counter;
import org.openenos.model.MeasurePointValue;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One browser's live stream. The pipeline thread only offers values into a bounded queue (it must never wait on a
 * slow browser); a virtual thread drains the queue in batches and writes them as {@code measurepoints} events. When
 * the queue is full the oldest values are dropped and counted: a live view wants the newest value, not all of them.
 */
final class LiveConnection {
    static final int QUEUE_CAPACITY = 10_000;
    static final int MAX_BATCH = 500;
    static final long HEARTBEAT_SECONDS = 15;

    record Event(String assetId, String pointId, long time, Object value, Integer quality) {
    }

    private final String orgId;
    private final Set<String> assetIds;
    private final Set<String> pointIds;
    private final SseEmitter emitter;
    private final BlockingQueue<MeasurePointValue> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Counter sent;
    private final Counter dropped;
    private final Consumer<LiveConnection> onClose;
    private Thread drainer;

    LiveConnection(String orgId, Set<String> assetIds, Set<String> pointIds, SseEmitter emitter, Counter sent,
                   Counter dropped, Consumer<LiveConnection> onClose) {
        this.orgId = orgId;
        this.assetIds = assetIds;
        this.pointIds = pointIds;
        this.emitter = emitter;
        this.sent = sent;
        this.dropped = dropped;
        this.onClose = onClose;
    }

    Set<String> assetIds() {
        return assetIds;
    }

    void start() {
        emitter.onCompletion(this::close);
        emitter.onTimeout(this::close);
        emitter.onError(e -> close());
        drainer = Thread.ofVirtual().name("live-sse-" + orgId).start(this::drain);
    }

    /** Called on the pipeline thread: filter and enqueue only, never block. */
    void offer(MeasurePointValue v) {
        if (!orgId.equals(v.orgId()) || !assetIds.contains(v.assetId())
                || !pointIds.isEmpty() && !pointIds.contains(v.pointId())) {
            return;
        }
        while (!queue.offer(v)) {
            if (queue.poll() != null) {
                dropped.increment();
            }
        }
    }

    private void drain() {
        List<MeasurePointValue> batch = new ArrayList<>(MAX_BATCH);
        try {
            emitter.send(SseEmitter.event().name("ready").data(Map.of("assetIds", assetIds), MediaType.APPLICATION_JSON));
            while (!closed.get()) {
                MeasurePointValue first = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                if (first == null) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<Event> events = batch.stream()
                        .map(v -> new Event(v.assetId(), v.pointId(), v.time(), v.value(), v.quality())).toList();
                emitter.send(SseEmitter.event().name("measurepoints").data(events, MediaType.APPLICATION_JSON));
                sent.increment(events.size());
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | IllegalStateException e) {
            // the browser went away or the response was completed: nothing to report
        } finally {
            close();
        }
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // already completed by the container
            }
            if (drainer != null && Thread.currentThread() != drainer) {
                drainer.interrupt();
            }
        }
    }
}
