package org.openenos.subscription.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.alerting.Alert;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.subscription.GroupLag;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionConfig;
import org.openenos.subscription.SubscriptionConsumer;
import org.openenos.subscription.SubscriptionScope;
import org.openenos.subscription.SubscriptionType;

/**
 * The subscriptions' logs and consumer groups, and the routing of records into them through the filter index. Appends
 * from several sources (the bus router, alert evaluators, device events) are serialized per partition by the
 * partition itself; {@link #flush()} fsyncs the logs touched since the last flush.
 */
public final class SubscriptionFeeds implements Feeds {
    private final Path dir;
    private final SubscriptionConfig config;
    private final SubscriptionScope scope;
    private final Clock clock;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, SubscriptionLog> logs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ConsumerGroup>> groups = new ConcurrentHashMap<>();
    private final Set<SubscriptionLog> touched = ConcurrentHashMap.newKeySet();
    private volatile SubscriptionIndex index = SubscriptionIndex.EMPTY;

    public SubscriptionFeeds(Path dir, SubscriptionConfig config, SubscriptionScope scope, Clock clock) {
        this.dir = dir;
        this.config = config;
        this.scope = scope;
        this.clock = clock;
    }

    public void open(Subscription s) {
        subscriptions.put(s.subId(), s);
        logs.computeIfAbsent(s.subId(), id -> new SubscriptionLog(id, dir.resolve(id), config.partitions(),
                config.segmentBytes(), clock.millis()));
    }

    public void replace(Subscription s) {
        subscriptions.put(s.subId(), s);
    }

    public void delete(String subId) {
        subscriptions.remove(subId);
        groups.remove(subId);
        SubscriptionLog log = logs.remove(subId);
        if (log != null) {
            touched.remove(log);
            log.close();
            deleteRecursively(log.dir());
        }
    }

    public java.util.Collection<String> subIds() {
        return List.copyOf(subscriptions.keySet());
    }

    public void reindex() {
        index = SubscriptionIndex.of(List.copyOf(subscriptions.values()));
    }

    public SubscriptionConsumer join(String subId, String group, long pullWaitMillis, int maxMessages) {
        SubscriptionLog log = logs.get(subId);
        if (log == null) {
            throw new OpenEnosException(ErrorCode.NOT_FOUND, "subscription " + subId + " not found");
        }
        ConsumerGroup g = groups.computeIfAbsent(subId, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(group, name -> new ConsumerGroup(name, log));
        var member = new GroupMember(g, pullWaitMillis, maxMessages, () -> { });
        g.join(member);
        return member;
    }

    public List<GroupLag> lag(String subId) {
        SubscriptionLog log = logs.get(subId);
        if (log == null) {
            throw new OpenEnosException(ErrorCode.NOT_FOUND, "subscription " + subId + " not found");
        }
        var known = groups.getOrDefault(subId, Map.of());
        var names = new LinkedHashSet<String>(log.offsets().all().keySet());
        names.addAll(known.keySet());
        var result = new ArrayList<GroupLag>();
        for (String name : names) {
            result.add(known.containsKey(name) ? known.get(name).lag() : new ConsumerGroup(name, log).lag());
        }
        return result;
    }

    public int groupSize(String subId, String group) {
        ConsumerGroup g = groups.getOrDefault(subId, Map.of()).get(group);
        return g == null ? 0 : g.size();
    }

    public long delivered(String subId, String group) {
        ConsumerGroup g = groups.getOrDefault(subId, Map.of()).get(group);
        return g == null ? 0 : g.delivered();
    }

    public long missed(String subId, String group) {
        ConsumerGroup g = groups.getOrDefault(subId, Map.of()).get(group);
        return g == null ? 0 : g.missed();
    }

    public boolean takesValues() {
        return index.takesValues();
    }

    /** One message per (subscription, asset) of the values, in the order the values came. */
    @Override
    public boolean deliverValues(List<MeasurePointValue> values, SubscriptionType type) {
        var perSubscription = ValueRouting.route(index, scope, values, type);
        long now = clock.millis();
        perSubscription.forEach((subId, byAsset) -> byAsset.forEach((assetId, assetValues) ->
                append(subId, assetId, MessageFormats.data(assetValues), now)));
        return !perSubscription.isEmpty();
    }

    public void deliverAlert(Alert alert) {
        var matches = index.match(SubscriptionType.ALERT, alert.orgId(), alert.modelId(), alert.assetId(),
                alert.measurepointId(), alert.severityId(), scope);
        if (matches.isEmpty()) {
            return;
        }
        appendDurably(matches, alert.assetId(), MessageFormats.alert(alert));
    }

    public boolean wantsEvent(String orgId, String modelId, String assetId) {
        return !index.match(SubscriptionType.EVENT, orgId, modelId, assetId, null, null, scope).isEmpty();
    }

    public void deliverEvent(String orgId, String modelId, String assetId, Map<String, Object> fields) {
        var matches = index.match(SubscriptionType.EVENT, orgId, modelId, assetId, null, null, scope);
        if (matches.isEmpty()) {
            return;
        }
        appendDurably(matches, assetId, MessageFormats.event(fields));
    }

    /* Alerts and events are rare and come one at a time: each is fsynced before its source goes on. */
    private void appendDurably(List<Subscription> matches, String key, String value) {
        long now = clock.millis();
        for (Subscription s : matches) {
            SubscriptionLog log = logs.get(s.subId());
            if (log == null) {
                continue;
            }
            try {
                log.append(key, value, now);
                log.force();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to subscription " + s.subId(), e);
            }
        }
    }

    private void append(String subId, String key, String value, long now) {
        SubscriptionLog log = logs.get(subId);
        if (log == null) {
            return;
        }
        try {
            log.append(key, value, now);
            touched.add(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to subscription " + subId, e);
        }
    }

    public void flush() {
        for (SubscriptionLog log : List.copyOf(touched)) {
            touched.remove(log);
            try {
                log.force();
            } catch (IOException e) {
                touched.add(log);
                throw new UncheckedIOException("cannot flush subscription " + log.subId(), e);
            }
        }
    }

    public long expire(long cutoff, long now, long rollAfterMillis) {
        long deleted = 0;
        for (SubscriptionLog log : logs.values()) {
            deleted += log.expire(cutoff, now, rollAfterMillis);
        }
        return deleted;
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    @Override
    public void close() {
        logs.values().forEach(SubscriptionLog::close);
    }
}
