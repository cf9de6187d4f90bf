package org.openenos.subscription.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.alerting.Alert;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.subscription.GroupLag;
import org.openenos.subscription.SharedSubscriptionLog;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionConfig;
import org.openenos.subscription.SubscriptionConsumer;
import org.openenos.subscription.SubscriptionScope;
import org.openenos.subscription.SubscriptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions' logs shared by several server nodes (ADR 0082): every node routes what it ingests (and its
 * alerts and events) through the same filter index into one log per subscription, and a consumer on any node reads
 * that log with the group's shared offsets and a partition assignment that spans the nodes. Alerts and events are
 * committed when their delivery call returns; values from the bus when {@link #flush()} returns, as with files.
 */
public final class SharedFeeds implements Feeds {
    private static final Logger LOG = LoggerFactory.getLogger(SharedFeeds.class);

    private final SharedSubscriptionLog log;
    private final String nodeId;
    private final SubscriptionConfig config;
    private final SubscriptionScope scope;
    private final Clock clock;
    private final Duration memberTtl;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, GroupCounters> counters = new ConcurrentHashMap<>();
    private final Object appended = new Object();
    private final List<SharedSubscriptionLog.Append> pendingValues = new ArrayList<>();
    private volatile SubscriptionIndex index = SubscriptionIndex.EMPTY;
    private volatile boolean closed;

    public SharedFeeds(SharedSubscriptionLog log, String nodeId, SubscriptionConfig config, SubscriptionScope scope,
                       Clock clock, Duration memberTtl) {
        this.log = log;
        this.nodeId = nodeId;
        this.config = config;
        this.scope = scope;
        this.clock = clock;
        this.memberTtl = memberTtl;
    }

    @Override
    public void open(Subscription s) {
        log.create(s.subId(), config.partitions());
        subscriptions.put(s.subId(), s);
    }

    @Override
    public void replace(Subscription s) {
        subscriptions.put(s.subId(), s);
    }

    @Override
    public void delete(String subId) {
        subscriptions.remove(subId);
        counters.keySet().removeIf(k -> k.startsWith(subId + '/'));
        log.delete(subId);
    }

    @Override
    public void reindex() {
        index = SubscriptionIndex.of(List.copyOf(subscriptions.values()));
    }

    @Override
    public Collection<String> subIds() {
        return List.copyOf(subscriptions.keySet());
    }

    @Override
    public SubscriptionConsumer join(String subId, String group, long pullWaitMillis, int maxMessages) {
        if (!subscriptions.containsKey(subId)) {
            throw new OpenEnosException(ErrorCode.NOT_FOUND, "subscription " + subId + " not found");
        }
        return new SharedGroupMember(this, subId, group, pullWaitMillis, maxMessages);
    }

    @Override
    public List<GroupLag> lag(String subId) {
        if (!subscriptions.containsKey(subId)) {
            throw new OpenEnosException(ErrorCode.NOT_FOUND, "subscription " + subId + " not found");
        }
        var ranges = log.ranges(subId);
        var committed = log.committed(subId);
        var names = new LinkedHashSet<>(committed.keySet());
        counters.keySet().stream().filter(k -> k.startsWith(subId + '/'))
                .forEach(k -> names.add(k.substring(subId.length() + 1)));
        var result = new ArrayList<GroupLag>();
        for (String name : names) {
            var offsets = committed.getOrDefault(name, Map.of());
            var partitions = new ArrayList<GroupLag.PartitionLag>();
            long total = 0;
            for (var r : ranges) {
                Long c = offsets.get(r.partition());
                long next = c == null ? r.first() : Math.max(c + 1, r.first());
                long lag = Math.max(0, r.end() - next);
                total += lag;
                partitions.add(new GroupLag.PartitionLag(r.partition(), r.end(), c == null ? -1 : c, lag));
            }
            result.add(new GroupLag(name, partitions, total, log.members(subId, name, memberTtl),
                    delivered(subId, name), missed(subId, name)));
        }
        return result;
    }

    @Override
    public int groupSize(String subId, String group) {
        return subscriptions.containsKey(subId) ? log.members(subId, group, memberTtl) : 0;
    }

    @Override
    public long delivered(String subId, String group) {
        var c = counters.get(subId + '/' + group);
        return c == null ? 0 : c.delivered.get();
    }

    @Override
    public long missed(String subId, String group) {
        var c = counters.get(subId + '/' + group);
        return c == null ? 0 : c.missed.get();
    }

    @Override
    public boolean takesValues() {
        return index.takesValues();
    }

    @Override
    public boolean deliverValues(List<MeasurePointValue> values, SubscriptionType type) {
        var routed = ValueRouting.route(index, scope, values, type);
        long now = clock.millis();
        synchronized (pendingValues) {
            routed.forEach((subId, byAsset) -> byAsset.forEach((assetId, assetValues) ->
                    pendingValues.add(append(subId, assetId, MessageFormats.data(assetValues), now))));
        }
        return !routed.isEmpty();
    }

    @Override
    public void deliverAlert(Alert alert) {
        var matches = index.match(SubscriptionType.ALERT, alert.orgId(), alert.modelId(), alert.assetId(),
                alert.measurepointId(), alert.severityId(), scope);
        String value = MessageFormats.alert(alert);
        long now = clock.millis();
        write(matches.stream().map(s -> append(s.subId(), alert.assetId(), value, now)).toList());
    }

    @Override
    public boolean wantsEvent(String orgId, String modelId, String assetId) {
        return !index.match(SubscriptionType.EVENT, orgId, modelId, assetId, null, null, scope).isEmpty();
    }

    @Override
    public void deliverEvent(String orgId, String modelId, String assetId, Map<String, Object> fields) {
        var matches = index.match(SubscriptionType.EVENT, orgId, modelId, assetId, null, null, scope);
        String value = MessageFormats.event(fields);
        long now = clock.millis();
        write(matches.stream().map(s -> append(s.subId(), assetId, value, now)).toList());
    }

    private SharedSubscriptionLog.Append append(String subId, String key, String value, long now) {
        return new SharedSubscriptionLog.Append(subId, Math.floorMod(key.hashCode(), config.partitions()), key,
                value, now);
    }

    private void write(List<SharedSubscriptionLog.Append> appends) {
        if (appends.isEmpty()) {
            return;
        }
        log.append(appends);
        synchronized (appended) {
            appended.notifyAll();
        }
    }

    /**
     * Writes the values routed since the last flush in one transaction (one per router poll, not one per record).
     * When it fails they are dropped: the router has not committed the bus and routes them again.
     */
    @Override
    public void flush() {
        List<SharedSubscriptionLog.Append> batch;
        synchronized (pendingValues) {
            batch = List.copyOf(pendingValues);
            pendingValues.clear();
        }
        write(batch);
    }

    @Override
    public long expire(long cutoff, long now, long rollAfterMillis) {
        return log.expire(cutoff);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (appended) {
            appended.notifyAll();
        }
    }

    // --- for the members

    SharedSubscriptionLog log() {
        return log;
    }

    String nodeId() {
        return nodeId;
    }

    Duration memberTtl() {
        return memberTtl;
    }

    int partitions() {
        return config.partitions();
    }

    boolean isOpen(String subId) {
        return !closed && subscriptions.containsKey(subId);
    }

    /** Waits for an append on this node, or the timeout: appends of other nodes are seen by the next read. */
    void awaitAppend(long millis) throws InterruptedException {
        if (closed || millis <= 0) {
            return;
        }
        synchronized (appended) {
            appended.wait(millis);
        }
    }

    void recordDelivered(String subId, String group, int count) {
        counters.computeIfAbsent(subId + '/' + group, k -> new GroupCounters()).delivered.addAndGet(count);
    }

    void recordMissed(String subId, String group, int partition, long count) {
        counters.computeIfAbsent(subId + '/' + group, k -> new GroupCounters()).missed.addAndGet(count);
        LOG.warn("subscription {} group {}: {} messages of partition {} expired before they were read",
                subId, group, count, partition);
    }

    void joined(String subId, String group) {
        counters.computeIfAbsent(subId + '/' + group, k -> new GroupCounters());
    }

    private static final class GroupCounters {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong missed = new AtomicLong();
    }
}
