package org.openenos.sdk;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openenos.protocol.DeviceReply;

/**
 * Requests waiting for their reply, keyed like the EnOS SDKs do: reply topic + {@code _} + id (reference §2). A
 * request that gets no reply in time fails with a {@link TimeoutException}; a lost connection fails all of them.
 */
final class ReplyRegistry {
    private final Map<String, CompletableFuture<DeviceReply>> pending = new ConcurrentHashMap<>();

    CompletableFuture<DeviceReply> expect(String replyTopic, String id, Duration timeout) {
        String key = replyTopic + "_" + id;
        CompletableFuture<DeviceReply> future = new CompletableFuture<>();
        pending.put(key, future);
        future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((reply, failure) -> pending.remove(key, future));
        return future;
    }

    /** Completes the request this reply answers; false when nobody waits for it (late or unknown). */
    boolean complete(String replyTopic, DeviceReply reply) {
        CompletableFuture<DeviceReply> future = pending.remove(replyTopic + "_" + reply.id());
        return future != null && future.complete(reply);
    }

    void cancel(String replyTopic, String id, Throwable cause) {
        CompletableFuture<DeviceReply> future = pending.remove(replyTopic + "_" + id);
        if (future != null) {
            future.completeExceptionally(cause);
        }
    }

    void failAll(Throwable cause) {
        pending.values().forEach(f -> f.completeExceptionally(cause));
        pending.clear();
    }

    int size() {
        return pending.size();
    }
}
