package org.openenos.subscription;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openenos.alerting.Alert;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.subscription.internal.Feeds;
import org.openenos.subscription.internal.SharedFeeds;
import org.openenos.subscription.internal.SubscriptionFeeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery of subscriptions: each subscription has a durable log of its own (its "topic"), fed through one index of
 * all filters from the telemetry bus, the alert engine and device events; consumer groups read it with durable
 * offsets. Messages stay for the retention window whatever the consumers did; a group that comes back after its
 * messages expired is told how many it missed.
 */
public final class SubscriptionEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionEngine.class);
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    public static final String DEFAULT_GROUP = "DefaultConsumerGroup";

    private final SubscriptionConfig config;
    private final Feeds feeds;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, List<Meter>> metersBySubscription = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("subscription-retention").daemon().unstarted(r));

    public SubscriptionEngine(Path dir, SubscriptionConfig config, SubscriptionScope scope, MeterRegistry meters,
                              Clock clock) {
        this(new SubscriptionFeeds(dir, config, scope, clock), config, meters, clock);
    }

    /**
     * Delivery on the log shared by several server nodes (ADR 0082): a consumer sees the same messages, offsets and
     * partition assignment on every node. {@code memberTtl}: a consumer silent that long leaves its group.
     */
    public SubscriptionEngine(SharedSubscriptionLog shared, String nodeId, Duration memberTtl,
                              SubscriptionConfig config, SubscriptionScope scope, MeterRegistry meters, Clock clock) {
        this(new SharedFeeds(shared, nodeId, config, scope, clock, memberTtl), config, meters, clock);
    }

    private SubscriptionEngine(Feeds feeds, SubscriptionConfig config, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.meters = meters;
        this.clock = clock;
        this.feeds = feeds;
        long every = Math.max(1000, Math.min(60_000, config.retention().toMillis() / 24));
        retention.scheduleWithFixedDelay(this::applyRetentionQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    public SubscriptionConfig config() {
        return config;
    }

    /** Opens the logs of the given subscriptions (at start) and indexes their filters. */
    public void load(Collection<Subscription> subscriptions) {
        subscriptions.forEach(feeds::open);
        feeds.reindex();
    }

    /** The subscriptions delivered to now. */
    public java.util.Collection<String> subIds() {
        return feeds.subIds();
    }

    public void opened(Subscription subscription) {
        feeds.open(subscription);
        feeds.reindex();
    }

    public void updated(Subscription subscription) {
        feeds.replace(subscription);
        feeds.reindex();
    }

    public void deleted(String subId) {
        var removed = metersBySubscription.remove(subId);
        if (removed != null) {
            removed.forEach(meters::remove);
        }
        feeds.delete(subId);
        feeds.reindex();
    }

    /**
     * Joins {@code group} of the subscription (already authenticated by the caller). A blank group is the SDKs'
     * {@code DefaultConsumerGroup}.
     */
    public SubscriptionConsumer join(String subId, String group) {
        String name = group == null || group.isBlank() ? DEFAULT_GROUP : group;
        if (!GROUP_NAME.matcher(name).matches()) {
            throw OpenEnosException.badArgument("consumer group names use letters, digits, '_', '-', '.' (at most 64)");
        }
        var consumer = feeds.join(subId, name, config.pullWait().toMillis(), config.maxPullMessages());
        registerMeters(subId, name);
        return consumer;
    }

    /** Per consumer group that ever committed or is connected: lag, consumers, delivered and missed messages. */
    public List<GroupLag> lag(String subId) {
        return feeds.lag(subId);
    }

    /**
     * Routes values from the bus; {@code resumed} values (a device's offline cache) go to offline subscriptions.
     * Returns whether some subscription took them.
     */
    public boolean deliverValues(List<MeasurePointValue> values, boolean resumed) {
        return feeds.deliverValues(values, resumed ? SubscriptionType.OFFLINE : SubscriptionType.REAL_TIME);
    }

    /** Whether some subscription takes values from the bus; while none does, the router need not read it. */
    public boolean takesValues() {
        return feeds.takesValues();
    }

    public void deliverAlert(Alert alert) {
        feeds.deliverAlert(alert);
    }

    /** Whether an event subscription's filter matches events of this asset. */
    public boolean wantsEvent(String orgId, String modelId, String assetId) {
        return feeds.wantsEvent(orgId, modelId, assetId);
    }

    /** A device event or connection change, already shaped as the event message's fields. */
    public void deliverEvent(String orgId, String modelId, String assetId, Map<String, Object> fields) {
        feeds.deliverEvent(orgId, modelId, assetId, fields);
    }

    /** Makes everything delivered so far durable; only then may its source be acknowledged or committed. */
    public void flush() {
        feeds.flush();
    }

    public long applyRetention() {
        long cutoff = clock.millis() - config.retention().toMillis();
        return feeds.expire(cutoff, clock.millis(), Math.max(1000, config.retention().toMillis() / 24));
    }

    private void applyRetentionQuietly() {
        try {
            long deleted = applyRetention();
            if (deleted > 0) {
                LOG.info("subscription retention: {} expired messages deleted", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("subscription retention run failed", e);
        }
    }

    private void registerMeters(String subId, String group) {
        var list = metersBySubscription.computeIfAbsent(subId, s -> new java.util.concurrent.CopyOnWriteArrayList<>());
        String key = group;
        if (list.stream().anyMatch(m -> key.equals(m.getId().getTag("group")))) {
            return;
        }
        var tags = io.micrometer.core.instrument.Tags.of("subscription", subId, "group", group);
        list.add(Gauge.builder("openenos.subscription.lag", () -> lagOf(subId, group)).tags(tags)
                .description("messages of the subscription not yet committed by the group").register(meters));
        list.add(Gauge.builder("openenos.subscription.consumers", () -> feeds.groupSize(subId, group)).tags(tags)
                .description("connected consumers of the group").register(meters));
        list.add(FunctionCounter.builder("openenos.subscription.delivered", feeds,
                f -> f.delivered(subId, group)).tags(tags)
                .description("messages handed to the group's consumers").register(meters));
        list.add(FunctionCounter.builder("openenos.subscription.missed", feeds,
                f -> f.missed(subId, group)).tags(tags)
                .description("messages that expired before the group read them").register(meters));
    }

    private double lagOf(String subId, String group) {
        try {
            return feeds.lag(subId).stream().filter(g -> g.consumerGroup().equals(group)).mapToLong(GroupLag::lag)
                    .findFirst().orElse(0);
        } catch (RuntimeException deletedMeanwhile) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        retention.shutdownNow();
        feeds.close();
    }
}
