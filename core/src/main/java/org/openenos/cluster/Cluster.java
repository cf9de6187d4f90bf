package org.openenos.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of the cluster: heartbeats in the {@link NodeRegistry}, the message channel with one handler
 * per message kind, and scheduled work that runs on one node at a time. Handlers run on virtual threads, so one that
 * waits (a routed command waiting for the other node's answer) never holds up the channel.
 */
public final class Cluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

    /**
     * @param nodeId            this node's id, unique in the cluster
     * @param address           where this node can be reached, for operators (shown in health)
     * @param heartbeatInterval how often this node heart-beats
     * @param deadAfter         a node silent this long is dead: its connections no longer count
     * @param deliveryTimeout   how long a command handed to another node waits for that node's answer
     */
    public record Config(String nodeId, String address, Duration heartbeatInterval, Duration deadAfter,
                         Duration deliveryTimeout) {
    }

    private final Config config;
    private final NodeRegistry nodes;
    private final ClusterMessaging messaging;
    private final ClusterJobs jobs;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Instant startedAt;
    private final Map<String, Consumer<ClusterMessage>> handlers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cluster-timer").factory());
    private final ExecutorService handlerThreads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cluster-message-", 0).factory());
    private final Counter sent;
    private final Counter received;
    private volatile Instant lastHeartbeat;

    public Cluster(Config config, NodeRegistry nodes, ClusterMessaging messaging, ClusterJobs jobs, Clock clock,
                   MeterRegistry meters) {
        this.config = config;
        this.nodes = nodes;
        this.messaging = messaging;
        this.jobs = jobs;
        this.clock = clock;
        this.meters = meters;
        this.startedAt = clock.instant();
        this.sent = Counter.builder("openenos.cluster.messages").tag("direction", "sent")
                .description("messages this node sent to other nodes").register(meters);
        this.received = Counter.builder("openenos.cluster.messages").tag("direction", "received")
                .description("messages this node received from other nodes").register(meters);
        meters.gauge("openenos.cluster.nodes.alive", this, c -> c.aliveNodes().size());
    }

    /** Registers the handler of one message kind; call before {@link #start()}. */
    public void on(String kind, Consumer<ClusterMessage> handler) {
        handlers.put(kind, handler);
    }

    /** Joins: a first heartbeat, then listening and the heartbeat timer. */
    public Cluster start() {
        heartbeat();
        messaging.listen(config.nodeId(), this::dispatch);
        long every = config.heartbeatInterval().toMillis();
        timer.scheduleWithFixedDelay(this::heartbeatQuietly, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Node {} joined the cluster ({} nodes alive)", config.nodeId(), aliveNodes().size());
        return this;
    }

    /**
     * Runs {@code work} every {@code every} on whichever node takes the job's lock first in each period: once in the
     * cluster, not once per node. Counted in {@code openenos.cluster.jobs.runs{job}} on the node that ran it.
     */
    public void scheduleOnce(String job, Duration every, Runnable work) {
        Counter runs = Counter.builder("openenos.cluster.jobs.runs").tag("job", job)
                .description("runs of a cluster-wide scheduled job on this node").register(meters);
        Duration atLeast = every.multipliedBy(9).dividedBy(10);
        Duration atMost = every.multipliedBy(10).plusMinutes(1);
        long ms = every.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                jobs.runOnce(job, atMost, atLeast, () -> {
                    runs.increment();
                    work.run();
                });
            } catch (RuntimeException e) {
                LOG.warn("Cluster job {} failed on node {}; retrying in {}", job, config.nodeId(), every, e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    public String nodeId() {
        return config.nodeId();
    }

    public Config config() {
        return config;
    }

    /** Heartbeats younger than this mean alive. */
    public Instant aliveSince() {
        return clock.instant().minus(config.deadAfter());
    }

    public List<ClusterNode> aliveNodes() {
        try {
            return nodes.alive(aliveSince());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** True while this node's own heartbeats reach the registry and its message channel listens. */
    public boolean healthy() {
        Instant last = lastHeartbeat;
        return last != null && last.isAfter(aliveSince()) && messaging.connected();
    }

    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    public void broadcast(String kind, Map<String, Object> body) {
        messaging.broadcast(new ClusterMessage(kind, config.nodeId(), body));
        sent.increment();
    }

    public void send(String nodeId, String kind, Map<String, Object> body) {
        messaging.send(nodeId, new ClusterMessage(kind, config.nodeId(), body));
        sent.increment();
    }

    private void dispatch(ClusterMessage message) {
        if (config.nodeId().equals(message.sender())) {
            return;
        }
        received.increment();
        Consumer<ClusterMessage> handler = handlers.get(message.kind());
        if (handler == null) {
            LOG.debug("No handler for cluster message {} from {}", message.kind(), message.sender());
            return;
        }
        handlerThreads.execute(() -> {
            try {
                handler.accept(message);
            } catch (RuntimeException e) {
                LOG.warn("Cluster message {} from {} failed: {}", message.kind(), message.sender(), e.toString());
            }
        });
    }

    private void heartbeat() {
        Instant now = clock.instant();
        nodes.heartbeat(config.nodeId(), config.address(), startedAt, now);
        lastHeartbeat = now;
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            LOG.warn("Node {} cannot heart-beat: {}", config.nodeId(), e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            nodes.leave(config.nodeId());
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not leave the registry; it will be dead after {}", config.nodeId(),
                    config.deadAfter());
        }
        messaging.close();
        handlerThreads.shutdownNow();
        LOG.info("Node {} left the cluster", config.nodeId());
    }
}
