package org.openenos.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openenos.protocol.ResponseCodes;
import org.openenos.protocol.TopicKind;
import org.openenos.sdk.buffer.BufferedPoints;
import org.openenos.sdk.buffer.MeasurepointBuffer;
import org.openenos.sdk.buffer.PendingPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Store and forward of measure points (reference §7, "breakpoint resumption"): every post is on disk before it is
 * sent, and leaves the buffer only when the server acknowledged it. Whatever was not acknowledged — sent during an
 * outage, or in flight when the connection dropped — is re-sent on the {@code resume} topics, oldest first, one
 * batch at a time, after the next login.
 *
 * <p>Delivery is at least once: a post the server stored but whose reply was lost with the connection is sent again.
 */
final class StoreAndForward {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAndForward.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 100;

    private final DeviceClient client;
    private final MeasurepointBuffer buffer;
    private final ScheduledExecutorService scheduler;
    private final Map<Long, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean replaying = new AtomicBoolean();

    StoreAndForward(DeviceClient client, MeasurepointBuffer buffer, ScheduledExecutorService scheduler) {
        this.client = client;
        this.buffer = buffer;
        this.scheduler = scheduler;
    }

    CompletableFuture<Void> post(MeasurepointItem item) {
        DeviceId device = item.device() == null ? client.id() : item.device();
        BufferedPoints entry = buffer.append(List.of(new PendingPoints(device.productKey(), device.deviceKey(),
                item.time(), JSON.writeValueAsString(item.measurepoints())))).getFirst();
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.put(entry.sequence(), done);
        if (client.isConnected() && !replaying.get()) {
            inFlight.add(entry.sequence());
            client.request(TopicKind.MEASUREPOINT_POST, device, null, client.pointParams(item))
                    .whenComplete((reply, failure) -> {
                        inFlight.remove(entry.sequence());
                        if (failure == null && reply.isSuccess()) {
                            settle(List.of(entry.sequence()), null);
                        } else if (failure == null && !retryable(reply.code())) {
                            // the server refused the content: keeping it would block every later replay
                            settle(List.of(entry.sequence()), new DeviceRequestException(reply));
                        } else {
                            replaySoon();
                        }
                    });
        }
        return done;
    }

    /** Re-sends everything unacknowledged, oldest first; one batch at a time so the time order holds. */
    void replay() {
        if (!replaying.compareAndSet(false, true)) {
            return;
        }
        sendNext();
    }

    void connectionLost() {
        // requests in flight failed with the connection; their entries stay in the buffer for the replay
    }

    void close() {
        buffer.close();
    }

    int size() {
        return buffer.size();
    }

    private void sendNext() {
        if (!client.isConnected()) {
            replaying.set(false);
            return;
        }
        List<BufferedPoints> batch = new ArrayList<>(BATCH);
        for (BufferedPoints entry : buffer.pending()) {
            if (!inFlight.contains(entry.sequence())) {
                batch.add(entry);
                if (batch.size() == BATCH) {
                    break;
                }
            }
        }
        if (batch.isEmpty()) {
            replaying.set(false);
            return;
        }
        List<Long> sequences = batch.stream().map(BufferedPoints::sequence).toList();
        LOG.debug("Resuming {} buffered posts", batch.size());
        send(batch).whenComplete((ignored, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null) {
                settle(sequences, null);
                sendNext();
            } else if (cause instanceof DeviceRequestException refused && !retryable(refused.code())) {
                LOG.warn("Server refused {} buffered posts ({}); dropping them", batch.size(), refused.getMessage());
                settle(sequences, refused);
                sendNext();
            } else {
                replaying.set(false);
                replaySoon();
            }
        });
    }

    private CompletableFuture<Void> send(List<BufferedPoints> batch) {
        List<MeasurepointItem> items = batch.stream().map(StoreAndForward::item).toList();
        if (items.size() == 1) {
            return client.resumeMeasurepoints(items.getFirst());
        }
        return client.resumeMeasurepointBatch(items, true);
    }

    private void replaySoon() {
        scheduler.schedule(() -> {
            if (client.isConnected()) {
                replay();
            }
        }, 1, TimeUnit.SECONDS);
    }

    private void settle(List<Long> sequences, RuntimeException failure) {
        buffer.acknowledge(sequences);
        for (Long sequence : sequences) {
            CompletableFuture<Void> done = waiting.remove(sequence);
            if (done != null) {
                if (failure == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(failure);
                }
            }
        }
    }

    private static boolean retryable(int code) {
        return code == ResponseCodes.SERVER_ERROR || code == ResponseCodes.TOPIC_NOT_WRITABLE;
    }

    @SuppressWarnings("unchecked")
    private static MeasurepointItem item(BufferedPoints entry) {
        Map<String, Object> points = JSON.readValue(entry.measurepointsJson(), Map.class);
        return new MeasurepointItem(new DeviceId(entry.productKey(), entry.deviceKey()), entry.time(), points);
    }
}
