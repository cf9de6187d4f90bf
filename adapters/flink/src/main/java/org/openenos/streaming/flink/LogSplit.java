package org.openenos.streaming.flink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** One partition of the telemetry log and the next offset to read from it: what a checkpoint keeps of the source. */
record LogSplit(int partition, long offset) implements SourceSplit {
    @Override
    public String splitId() {
        return "partition-" + partition;
    }

    static final class Serializer implements SimpleVersionedSerializer<LogSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(LogSplit split) throws IOException {
            var bytes = new ByteArrayOutputStream(12);
            try (var out = new DataOutputStream(bytes)) {
                out.writeInt(split.partition());
                out.writeLong(split.offset());
            }
            return bytes.toByteArray();
        }

        @Override
        public LogSplit deserialize(int version, byte[] serialized) throws IOException {
            try (var in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new LogSplit(in.readInt(), in.readLong());
            }
        }
    }
}
