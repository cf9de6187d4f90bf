package org.openenos.telemetry.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.BusRecordFormat;
import org.openenos.telemetry.PartitionCursor;
import org.openenos.telemetry.PoisonRecordHandler;

/**
 * A reader of one partition from an offset its owner keeps (stream jobs keep theirs in checkpoints): a consumer
 * without a group, assigned the partition and positioned there; an offset no longer retained starts at the oldest
 * record (auto.offset.reset=earliest), as the embedded log's cursor does.
 */
final class KafkaPartitionCursor implements PartitionCursor {
    private final KafkaConsumer<String, byte[]> consumer;
    private final PoisonRecordHandler poison;
    private final ArrayDeque<BusRecord> fetched = new ArrayDeque<>();
    private final TopicPartition partition;

    KafkaPartitionCursor(KafkaBusConfig config, int partition, long fromOffset, String clientId) {
        this.partition = new TopicPartition(config.topic(), partition);
        this.poison = PoisonRecordHandler.loggingOnly(clientId);
        this.consumer = KafkaClients.standalone(config, clientId);
        consumer.assign(List.of(this.partition));
        consumer.seek(this.partition, Math.max(0, fromOffset));
    }

    /**
     * Returns what the consumer has fetched in the background; the zero-timeout poll also sends the next fetch, so
     * the caller's own idle wait between polls is the only waiting.
     */
    @Override
    public List<BusRecord> poll(int maxRecords) {
        if (fetched.isEmpty()) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ZERO)) {
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
    public long position() {
        return fetched.isEmpty() ? consumer.position(partition, Duration.ofSeconds(30)) : fetched.peek().offset();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
