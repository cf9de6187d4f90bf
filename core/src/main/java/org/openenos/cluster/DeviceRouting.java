package org.openenos.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.connectivity.Connectivity;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.RemoteDevices;
import org.openenos.connectivity.SessionListener;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.TopicKind;
import org.openenos.protocol.TopicRoute;
import org.openenos.registry.DeviceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices across nodes. Each session change here updates the {@link ConnectionDirectory}; a login here tells the
 * other nodes, which close an older session of the same device (takeover, as on one node) and deliver the commands
 * they hold for it. A message for a device connected elsewhere is handed to its node, which answers whether the
 * device's connection took it, so a command's states and time-outs are those of one node (ADR 0041); the device's
 * reply goes back to the nodes that sent it something.
 */
public final class DeviceRouting implements RemoteDevices, SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRouting.class);
    static final String ONLINE = "device.online";
    static final String DELIVER = "device.deliver";
    static final String DELIVERED = "device.delivered";
    static final String REPLY = "device.reply";
    /** Replies are forwarded to nodes that sent the device something this recently (the longest command timeout). */
    private static final Duration REPLY_WINDOW = Duration.ofSeconds(65);

    private final Cluster cluster;
    private final ConnectionDirectory directory;
    private final Connectivity connectivity;
    private final DeviceDirectory devices;
    private final Clock clock;
    private final AtomicLong deliveryIds = new AtomicLong();
    private final Map<Long, CompletableFuture<Boolean>> deliveries = new ConcurrentHashMap<>();
    /** When this node's direct session of each device opened: the newer login wins a takeover. */
    private final Map<String, Instant> openedHere = new ConcurrentHashMap<>();
    /** Device key → (node → when it last sent the device a message through this node). */
    private final Map<String, Map<String, Instant>> sendersOf = new ConcurrentHashMap<>();

    public DeviceRouting(Cluster cluster, ConnectionDirectory directory, Connectivity connectivity,
                         DeviceDirectory devices, Clock clock) {
        this.cluster = cluster;
        this.directory = directory;
        this.connectivity = connectivity;
        this.devices = devices;
        this.clock = clock;
        cluster.on(ONLINE, this::onlineElsewhere);
        cluster.on(DELIVER, this::deliverHere);
        cluster.on(DELIVERED, this::delivered);
        cluster.on(REPLY, this::replyFromElsewhere);
    }

    /** Attaches to the connectivity context: session changes and remote devices. */
    public DeviceRouting attach() {
        connectivity.sessions().onSessionChange(this);
        connectivity.attachRemoteDevices(this);
        return this;
    }

    @Override
    public void opened(DeviceRef device, boolean direct) {
        Instant now = clock.instant();
        if (direct) {
            openedHere.put(device.key(), now);
        }
        directory.claim(device.key(), device.assetId(), cluster.nodeId(), now);
        cluster.broadcast(ONLINE, Map.of("pk", device.productKey(), "dk", device.deviceKey(), "direct", direct,
                "at", now.toEpochMilli()));
    }

    @Override
    public void closed(DeviceRef device, boolean direct) {
        if (direct) {
            openedHere.remove(device.key());
        }
        if (!connectivity.sessions().isOnline(device.productKey(), device.deviceKey())) {
            directory.release(device.key(), cluster.nodeId());
        }
    }

    @Override
    public boolean publish(String productKey, String deviceKey, String topic, byte[] payload) {
        Optional<String> node = directory.nodeOf(DeviceRef.key(productKey, deviceKey), cluster.aliveSince())
                .filter(n -> !n.equals(cluster.nodeId()));
        if (node.isEmpty()) {
            return false;
        }
        long id = deliveryIds.incrementAndGet();
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        deliveries.put(id, answer);
        try {
            cluster.send(node.get(), DELIVER, Map.of("id", id, "pk", productKey, "dk", deviceKey, "topic", topic,
                    "payload", Base64.getEncoder().encodeToString(payload)));
            return answer.get(cluster.config().deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Node {} did not answer a delivery to {} within {}", node.get(), DeviceRef.key(productKey,
                    deviceKey), cluster.config().deliveryTimeout());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("Cannot hand a message for {} to node {}: {}", DeviceRef.key(productKey, deviceKey), node.get(),
                    e.toString());
            return false;
        } finally {
            deliveries.remove(id);
        }
    }

    @Override
    public void replied(DeviceRef device, TopicRoute route, DeviceReply reply) {
        Map<String, Instant> senders = sendersOf.get(device.key());
        if (senders == null) {
            return;
        }
        Instant recent = clock.instant().minus(REPLY_WINDOW);
        senders.values().removeIf(at -> at.isBefore(recent));
        Map<String, Object> body = new HashMap<>();
        body.put("pk", device.productKey());
        body.put("dk", device.deviceKey());
        body.put("kind", route.kind().name());
        body.put("routeId", route.id());
        body.put("id", reply.id());
        body.put("code", reply.code());
        body.put("data", reply.data());
        body.put("message", reply.message());
        for (String node : senders.keySet()) {
            cluster.send(node, REPLY, body);
        }
    }

    private void onlineElsewhere(ClusterMessage message) {
        String productKey = message.text("pk");
        String deviceKey = message.text("dk");
        if (Boolean.TRUE.equals(message.body().get("direct"))) {
            Instant remoteLogin = Instant.ofEpochMilli(((Number) message.body().get("at")).longValue());
            Instant local = openedHere.get(DeviceRef.key(productKey, deviceKey));
            // the newer login wins, as on one node; equal times are decided by node id so both nodes agree
            boolean older = local != null && (local.isBefore(remoteLogin) || local.equals(remoteLogin)
                    && cluster.nodeId().compareTo(message.sender()) < 0);
            if (older && connectivity.sessions().closeTakenOver(productKey, deviceKey)) {
                openedHere.remove(DeviceRef.key(productKey, deviceKey));
            }
        }
        connectivity.deliverPending(productKey, deviceKey);
    }

    private void deliverHere(ClusterMessage message) {
        String productKey = message.text("pk");
        String deviceKey = message.text("dk");
        byte[] payload = Base64.getDecoder().decode(message.text("payload"));
        boolean ok = connectivity.localPublisher().publish(productKey, deviceKey, message.text("topic"), payload);
        if (ok) {
            sendersOf.computeIfAbsent(DeviceRef.key(productKey, deviceKey), k -> new ConcurrentHashMap<>())
                    .put(message.sender(), clock.instant());
        }
        cluster.send(message.sender(), DELIVERED, Map.of("id", message.body().get("id"), "ok", ok));
    }

    private void delivered(ClusterMessage message) {
        CompletableFuture<Boolean> answer = deliveries.get(((Number) message.body().get("id")).longValue());
        if (answer != null) {
            answer.complete(Boolean.TRUE.equals(message.body().get("ok")));
        }
    }

    private void replyFromElsewhere(ClusterMessage message) {
        String productKey = message.text("pk");
        String deviceKey = message.text("dk");
        devices.device(productKey, deviceKey).ifPresent(device -> {
            TopicRoute route = new TopicRoute(TopicKind.valueOf(message.text("kind")), productKey, deviceKey,
                    message.text("routeId"), true);
            Object code = message.body().get("code");
            DeviceReply reply = new DeviceReply(message.text("id"), code instanceof Number n ? n.intValue() : 0,
                    message.body().get("data"), message.text("message"));
            connectivity.replyFromRemote(DeviceRef.of(device), route, reply);
        });
    }
}
