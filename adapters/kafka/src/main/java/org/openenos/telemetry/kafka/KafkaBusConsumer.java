package org.openenos.telemetry.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.BusRecordFormat;
import org.openenos.telemetry.PartitionOwnership;
import org.openenos.telemetry.PoisonRecordHandler;
import org.openenos.telemetry.TelemetryBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a Kafka consumer group on the telemetry topic. Kafka gives it some or all partitions and moves them
 * between members (server nodes) as they come and go; offsets are committed only when the reader says its records
 * are processed, so a member that dies before committing leaves them to be delivered again.
 *
 * <p>Records below a partition's end offset at the moment this member was given the partition may have been
 * processed by its previous owner, which died before committing: they are delivered marked {@code mayRepeat}, as
 * the embedded log marks what it replays after a restart, so the storage stage checks them against the store and
 * stores nothing twice.
 */
final class KafkaBusConsumer implements BusConsumer, ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBusConsumer.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    /** How often the committed offsets of partitions other members own are refreshed (they are for lag only). */
    private static final long REFRESH_COMMITTED_NANOS = 5_000_000_000L;

    /** For readers that keep no state per partition. */
    static final PartitionOwnership NOBODY = new PartitionOwnership() {
        @Override
        public void assigned(Set<Integer> partitions) {
        }

        @Override
        public void revoked(Set<Integer> partitions) {
        }
    };

    private final KafkaBusConfig config;
    private final PartitionOwnership ownership;
    private final TelemetryBus.NewGroupStart start;
    private final String group;
    private final PoisonRecordHandler poison;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<TopicPartition> all = new HashSet<>();
    private final ArrayDeque<BusRecord> fetched = new ArrayDeque<>();
    private final Map<Integer, Long> replayBelow = new HashMap<>();
    private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
    private final FetchedAppendTimes appendTimes = new FetchedAppendTimes();
    private long committedRefreshedAt = System.nanoTime();

    KafkaBusConsumer(KafkaBusConfig config, String group, String clientId, PoisonRecordHandler poison,
                     PartitionOwnership ownership) {
        this(config, group, clientId, poison, ownership, TelemetryBus.NewGroupStart.OLDEST);
    }

    KafkaBusConsumer(KafkaBusConfig config, String group, String clientId, PoisonRecordHandler poison,
                     PartitionOwnership ownership, TelemetryBus.NewGroupStart start) {
        this.config = config;
        this.ownership = ownership;
        this.start = start;
        this.group = group;
        this.poison = poison;
        this.consumer = KafkaClients.groupMember(config, group, clientId,
                start == TelemetryBus.NewGroupStart.LATEST);
        for (int p = 0; p < config.partitions(); p++) {
            all.add(new TopicPartition(config.topic(), p));
            committed.put(p, 0L);
        }
        try {
            refreshCommitted(all);
            consumer.subscribe(List.of(config.topic()), this);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw KafkaTopics.unavailable("cannot join consumer group " + group + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<BusRecord> poll(Duration timeout, int maxRecords) {
        if (fetched.isEmpty()) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
                decode(r);
            }
            if (System.nanoTime() - committedRefreshedAt > REFRESH_COMMITTED_NANOS) {
                var others = new HashSet<>(all);
                others.removeAll(consumer.assignment());
                refreshCommitted(others);
            }
        }
        var records = new ArrayList<BusRecord>(Math.min(maxRecords, fetched.size()));
        while (records.size() < maxRecords && !fetched.isEmpty()) {
            records.add(fetched.poll());
        }
        return records;
    }

    private void decode(ConsumerRecord<String, byte[]> r) {
        appendTimes.fetched(r.partition(), r.offset(), r.timestamp());
        byte[] bytes = r.value() == null ? new byte[0] : r.value();
        try {
            boolean replay = r.offset() < replayBelow.getOrDefault(r.partition(), 0L);
            fetched.add(new BusRecord(r.partition(), r.offset(), BusRecordFormat.decode(bytes),
                    replay || BusRecordFormat.mayRepeat(bytes)));
        } catch (RuntimeException e) {
            // a record no OpenEnOS node wrote (another producer on the topic, a damaged one): set aside, skipped
            poison.undecodable(r.partition(), r.offset(), bytes, e);
        }
    }

    /**
     * Commits synchronously. Offsets of partitions Kafka has meanwhile given to another member are left out: that
     * member delivers those records again (marked as replays), which at-least-once allows, while committing them here
     * could move the new owner's position.
     */
    @Override
    public void commit(Map<Integer, Long> nextOffsets) {
        var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        Set<TopicPartition> owned = consumer.assignment();
        nextOffsets.forEach((p, next) -> {
            var tp = new TopicPartition(config.topic(), p);
            if (owned.contains(tp)) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitSync(offsets, KAFKA_TIMEOUT);
        offsets.forEach((tp, o) -> {
            committed.put(tp.partition(), o.offset());
            appendTimes.committed(tp.partition(), o.offset());
        });
    }

    /** From the timestamps of the records fetched and not committed yet (the producer's send time, by default). */
    @Override
    public long appendedAtMillis(int partition, long offset) {
        return appendTimes.appendedAt(partition, offset);
    }

    @Override
    public Map<Integer, Long> committed() {
        return new TreeMap<>(committed);
    }

    private void refreshCommitted(Set<TopicPartition> partitions) {
        committedRefreshedAt = System.nanoTime();
        if (partitions.isEmpty()) {
            return;
        }
        try {
            consumer.committed(partitions, KAFKA_TIMEOUT).forEach((tp, o) -> {
                if (o != null) {
                    committed.put(tp.partition(), o.offset());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("{}: committed offsets unavailable for now", group, e);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        refreshCommitted(new HashSet<>(partitions));
        if (start == TelemetryBus.NewGroupStart.LATEST) {
            anchorAtEnd(partitions);
        }
        consumer.endOffsets(partitions, KAFKA_TIMEOUT).forEach((tp, end) -> replayBelow.put(tp.partition(), end));
        LOG.info("{}: partitions {} of {} assigned", group, partitions.stream().map(TopicPartition::partition)
                .sorted().toList(), config.topic());
        ownership.assigned(numbers(partitions));
    }

    /*
     * A partition the group never committed is read from its end; that end is committed at once, so a member that
     * takes the partition over before anything was committed (this one died, or lost it) goes on from the same place
     * instead of from a later end, which would skip the records in between.
     */
    private void anchorAtEnd(Collection<TopicPartition> partitions) {
        try {
            Map<TopicPartition, OffsetAndMetadata> stored = consumer.committed(new HashSet<>(partitions),
                    KAFKA_TIMEOUT);
            var anchors = new HashMap<TopicPartition, OffsetAndMetadata>();
            for (TopicPartition tp : partitions) {
                if (stored.get(tp) == null) {
                    anchors.put(tp, new OffsetAndMetadata(consumer.position(tp, KAFKA_TIMEOUT)));
                }
            }
            if (!anchors.isEmpty()) {
                consumer.commitSync(anchors, KAFKA_TIMEOUT);
                anchors.forEach((tp, o) -> committed.put(tp.partition(), o.offset()));
                LOG.info("{}: a new group starts partitions {} at their end", group, anchors.keySet().stream()
                        .map(TopicPartition::partition).sorted().toList());
            }
        } catch (RuntimeException e) {
            // reading still starts at the end (auto.offset.reset); only the anchor for a next owner is missing
            LOG.warn("{}: could not commit the starting offsets of a new group: {}", group, e.getMessage());
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        var numbers = new java.util.TreeSet<Integer>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        return java.util.Collections.unmodifiableSet(numbers);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // records fetched but not handed out yet belong to the next owner now
        var revoked = new HashSet<Integer>();
        partitions.forEach(tp -> revoked.add(tp.partition()));
        fetched.removeIf(r -> revoked.contains(r.partition()));
        revoked.forEach(appendTimes::forget);
        if (!revoked.isEmpty()) {
            ownership.revoked(numbers(partitions));
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }

    @Override
    public void close() {
        consumer.close(KAFKA_TIMEOUT);
    }
}
