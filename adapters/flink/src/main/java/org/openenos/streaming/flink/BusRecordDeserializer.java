package org.openenos.streaming.flink;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusRecordFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a record of the Kafka bus in the bus's own format ({@link BusRecordFormat}) and keeps the job's values, as
 * the embedded log source does. A record that does not decode is skipped: the storage stage has already put it in
 * the dead letters, and poison data must not stop a job.
 */
final class BusRecordDeserializer implements KafkaRecordDeserializationSchema<AssetSample> {
    private static final Logger LOG = LoggerFactory.getLogger(BusRecordDeserializer.class);
    private final PointSelection selection;

    BusRecordDeserializer(PointSelection selection) {
        this.selection = selection;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AssetSample> out) {
        List<MeasurePointValue> values;
        try {
            values = BusRecordFormat.decode(record.value());
        } catch (RuntimeException e) {
            LOG.warn("skipping a bus record that does not decode (partition {}, offset {}): {}", record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        for (AssetSample sample : selection.select(values)) {
            out.collect(sample);
        }
    }

    @Override
    public TypeInformation<AssetSample> getProducedType() {
        return TypeInformation.of(AssetSample.class);
    }
}
