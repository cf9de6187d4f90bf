package org.openenos.telemetry.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.BusRecordFormat;
import org.openenos.telemetry.BusTail;
import org.openenos.telemetry.PoisonRecordHandler;

/**
 * A {@link BusTail} on Kafka: one consumer without a group, assigned every partition of the topic and moved to
 * their ends. The positions are looked up before the constructor returns (a seek to the end is otherwise resolved
 * lazily, at the first poll), so a record acknowledged after that is read. Its lag comes from the consumer's own
 * fetch responses (the high watermark), without asking the brokers again.
 */
final class KafkaTail implements BusTail {
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(30);
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final PoisonRecordHandler poison;
    private final ArrayDeque<BusRecord> fetched = new ArrayDeque<>();

    KafkaTail(KafkaBusConfig config, List<TopicPartition> partitions, String clientId, String reader) {
        this.partitions = List.copyOf(partitions);
        this.poison = PoisonRecordHandler.loggingOnly(reader);
        this.consumer = KafkaClients.standalone(config, clientId);
        try {
            consumer.assign(this.partitions);
            consumer.seekToEnd(this.partitions);
            this.partitions.forEach(tp -> consumer.position(tp, POSITION_TIMEOUT));
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public List<BusRecord> poll(Duration timeout, int maxRecords) {
        if (fetched.isEmpty()) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
                byte[] bytes = r.value() == null ? new byte[0] : r.value();
                try {
                    fetched.add(new BusRecord(r.partition(), r.offset(), BusRecordFormat.decode(bytes),
                            BusRecordFormat.mayRepeat(bytes)));
                } catch (RuntimeException e) {
                    poison.undecodable(r.partition(), r.offset(), bytes, e);
                }
            }
        }
        var records = new ArrayList<BusRecord>(Math.min(maxRecords, fetched.size()));
        while (records.size() < maxRecords && !fetched.isEmpty()) {
            records.add(fetched.poll());
        }
        return records;
    }

    @Override
    public Map<Integer, Long> lag() {
        var lag = new TreeMap<Integer, Long>();
        for (TopicPartition tp : partitions) {
            lag.put(tp.partition(), consumer.currentLag(tp).orElse(-1));
        }
        fetched.forEach(r -> lag.computeIfPresent(r.partition(), (p, n) -> n < 0 ? n : n + 1));
        return lag;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
