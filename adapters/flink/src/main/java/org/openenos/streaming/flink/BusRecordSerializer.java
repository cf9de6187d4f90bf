package org.openenos.streaming.flink;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openenos.telemetry.BusRecordFormat;

/**
 * Writes a job's result to the Kafka bus as the bus itself would publish it: the bus's record format, keyed by the
 * asset id, on the partition the bus assigns the asset ({@code TelemetryBus.partitionOf}), so the storage stage,
 * alerts and subscriptions take it for an ordinary value and one asset's values stay in order.
 */
final class BusRecordSerializer implements KafkaRecordSerializationSchema<OutputValue> {
    private final String topic;
    private final int partitions;

    BusRecordSerializer(String topic, int partitions) {
        this.topic = topic;
        this.partitions = partitions;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(OutputValue value, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, partitionOf(value.assetId, partitions),
                value.assetId.getBytes(StandardCharsets.UTF_8), BusRecordFormat.encode(List.of(value.toValue()), false));
    }

    /** The same placement as {@code TelemetryBus.partitionOf}. */
    static int partitionOf(String assetId, int partitions) {
        return Math.floorMod(assetId.hashCode(), partitions);
    }
}
