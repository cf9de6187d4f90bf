package org.openenos.telemetry.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecordFormat;
import org.openenos.telemetry.BusTail;
import org.openenos.telemetry.DeadLetters;
import org.openenos.telemetry.PartitionCursor;
import org.openenos.telemetry.PartitionOwnership;
import org.openenos.telemetry.PoisonRecordHandler;
import org.openenos.telemetry.TelemetryBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TelemetryBus} on an Apache Kafka topic. Each publish becomes one record per asset, keyed by the asset id
 * and sent to the partition the port assigns that asset ({@link #partitionOf}), so one asset's values stay in order
 * and every node, embedded or Kafka, places an asset the same way. A publish completes only when Kafka has
 * acknowledged all its records with {@code acks=all}: the records are then on every in-sync replica, at least
 * min.insync.replicas of them, and survive the loss of a broker. Consumers are members of Kafka consumer groups that
 * commit after processing, so several server nodes share a group's partitions and take them over from each other.
 */
public final class KafkaTelemetryBus implements TelemetryBus {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTelemetryBus.class);
    private static final long END_OFFSETS_TIMEOUT_MILLIS = 5_000;

    private final KafkaBusConfig config;
    private final String clientId;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final KafkaDeadLetters deadLetters;
    private final List<TopicPartition> topicPartitions = new ArrayList<>();
    private final AtomicInteger readers = new AtomicInteger();
    private final AtomicLong refusedPublishes = new AtomicLong();
    private KafkaClientMetrics producerMetrics;
    private volatile Map<Integer, Long> lastEndOffsets;
    private volatile boolean closed;

    private KafkaTelemetryBus(KafkaBusConfig config, String clientId) {
        this.config = config;
        this.clientId = clientId;
        this.admin = Admin.create(KafkaClients.admin(config));
        try {
            KafkaTopics.ensure(admin, config);
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        for (int p = 0; p < config.partitions(); p++) {
            topicPartitions.add(new TopicPartition(config.topic(), p));
        }
        var zeros = new TreeMap<Integer, Long>();
        topicPartitions.forEach(tp -> zeros.put(tp.partition(), 0L));
        this.lastEndOffsets = zeros;
        this.producer = KafkaClients.producer(config, clientId + "-producer");
        this.deadLetters = new KafkaDeadLetters(config, producer, clientId);
    }

    /**
     * Connects to the cluster, creating the topics when missing. {@code nodeName} names this node's Kafka clients
     * (for the brokers' logs and quotas).
     */
    public static KafkaTelemetryBus open(KafkaBusConfig config, String nodeName) {
        return new KafkaTelemetryBus(config, "openenos-" + nodeName);
    }

    public static KafkaTelemetryBus open(KafkaBusConfig config) {
        return open(config, UUID.randomUUID().toString().substring(0, 8));
    }

    public KafkaBusConfig config() {
        return config;
    }

    @Override
    public int partitions() {
        return config.partitions();
    }

    @Override
    public CompletableFuture<Void> publish(List<MeasurePointValue> values) {
        return publish(values, false);
    }

    @Override
    public CompletableFuture<Void> publish(List<MeasurePointValue> values, boolean mayRepeat) {
        if (values.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new OpenEnosException(ErrorCode.UNAVAILABLE, "telemetry bus closed"));
        }
        var byAsset = new LinkedHashMap<String, List<MeasurePointValue>>();
        for (MeasurePointValue v : values) {
            byAsset.computeIfAbsent(v.assetId(), a -> new ArrayList<>()).add(v);
        }
        var acks = new CompletableFuture<?>[byAsset.size()];
        int i = 0;
        for (var entry : byAsset.entrySet()) {
            acks[i++] = send(entry.getKey(), BusRecordFormat.encode(entry.getValue(), mayRepeat));
        }
        return CompletableFuture.allOf(acks);
    }

    private CompletableFuture<Void> send(String assetId, byte[] record) {
        var acked = new CompletableFuture<Void>();
        try {
            producer.send(new ProducerRecord<>(config.topic(), partitionOf(assetId), assetId, record), (meta, e) -> {
                if (e == null) {
                    acked.complete(null);
                } else {
                    refusedPublishes.incrementAndGet();
                    acked.completeExceptionally(new OpenEnosException(ErrorCode.UNAVAILABLE,
                            "Kafka did not acknowledge the values: " + e.getMessage(), e));
                }
            });
        } catch (RuntimeException e) {
            refusedPublishes.incrementAndGet();
            // a full buffer past max.block.ms, a closed producer: the device is told, nothing is half-sent
            acked.completeExceptionally(new OpenEnosException(ErrorCode.UNAVAILABLE,
                    "telemetry bus cannot take the values: " + e.getMessage(), e));
        }
        return acked;
    }

    @Override
    public BusConsumer consumer(String group, PoisonRecordHandler poison) {
        return consumer(group, poison, KafkaBusConsumer.NOBODY);
    }

    @Override
    public BusConsumer consumer(String group, PoisonRecordHandler poison, PartitionOwnership ownership) {
        return consumer(group, poison, ownership, NewGroupStart.OLDEST);
    }

    @Override
    public BusConsumer consumer(String group, PoisonRecordHandler poison, PartitionOwnership ownership,
                                NewGroupStart start) {
        return new KafkaBusConsumer(config, group, clientId + "-" + group + "-" + readers.incrementAndGet(), poison,
                ownership, start);
    }

    @Override
    public PartitionCursor cursor(int partition, long fromOffset) {
        if (partition < 0 || partition >= config.partitions()) {
            throw new IllegalArgumentException("no partition " + partition);
        }
        return new KafkaPartitionCursor(config, partition, fromOffset,
                clientId + "-cursor-" + readers.incrementAndGet());
    }

    @Override
    public BusTail tail(String reader) {
        return new KafkaTail(config, topicPartitions, clientId + "-" + reader + "-" + readers.incrementAndGet(),
                reader);
    }

    /**
     * The high watermarks (the offsets up to which every in-sync replica has the records: what was acknowledged).
     * When the cluster does not answer in time the last known ones are returned, so health checks do not hang.
     */
    @Override
    public Map<Integer, Long> endOffsets() {
        var request = new LinkedHashMap<TopicPartition, OffsetSpec>();
        topicPartitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        try {
            var answer = admin.listOffsets(request).all().get(END_OFFSETS_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            var ends = new TreeMap<Integer, Long>();
            answer.forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            lastEndOffsets = ends;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("end offsets of {} unavailable; using the last known ones", config.topic(), e);
        }
        return lastEndOffsets;
    }

    /**
     * Registers the producer's Kafka metrics ({@code kafka.producer.*}: record rates, request latency, buffer use)
     * and {@code openenos.bus.kafka.failed.records}, the records Kafka did not acknowledge (their devices got an
     * error).
     */
    public void bindTo(MeterRegistry registry) {
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        FunctionCounter.builder("openenos.bus.kafka.failed.records", refusedPublishes, AtomicLong::get)
                .description("telemetry records Kafka did not acknowledge").register(registry);
    }

    /** The dead-letter topic, written through this bus's producer. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        closed = true;
        if (producerMetrics != null) {
            producerMetrics.close();
        }
        // sends in flight are given the time to be acknowledged, as the embedded log drains its queue
        producer.close(Duration.ofSeconds(30));
        admin.close(Duration.ofSeconds(5));
    }
}
