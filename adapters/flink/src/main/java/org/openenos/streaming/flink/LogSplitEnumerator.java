package org.openenos.streaming.flink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Hands the log's partitions to the source readers, partition p to reader p mod parallelism, so one asset (one
 * partition) is always read by one reader, in order. Splits not yet assigned are its checkpoint state; assigned ones
 * live in the readers' state.
 */
final class LogSplitEnumerator implements SplitEnumerator<LogSplit, List<LogSplit>> {
    private final SplitEnumeratorContext<LogSplit> context;
    private final TreeMap<Integer, LogSplit> unassigned = new TreeMap<>();

    LogSplitEnumerator(SplitEnumeratorContext<LogSplit> context, List<LogSplit> splits) {
        this.context = context;
        splits.forEach(s -> unassigned.put(s.partition(), s));
    }

    @Override
    public void start() {
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
    }

    @Override
    public void addSplitsBack(List<LogSplit> splits, int subtaskId) {
        splits.forEach(s -> unassigned.put(s.partition(), s));
        if (context.registeredReaders().containsKey(subtaskId)) {
            assign(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        assign(subtaskId);
    }

    private void assign(int subtaskId) {
        int parallelism = context.currentParallelism();
        var mine = new ArrayList<LogSplit>();
        for (LogSplit split : List.copyOf(unassigned.values())) {
            if (split.partition() % parallelism == subtaskId) {
                mine.add(split);
                unassigned.remove(split.partition());
            }
        }
        mine.forEach(s -> context.assignSplit(s, subtaskId));
    }

    @Override
    public List<LogSplit> snapshotState(long checkpointId) {
        return List.copyOf(unassigned.values());
    }

    @Override
    public void close() {
    }

    static final class StateSerializer implements SimpleVersionedSerializer<List<LogSplit>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<LogSplit> splits) throws IOException {
            var bytes = new ByteArrayOutputStream();
            try (var out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (LogSplit s : splits) {
                    out.writeInt(s.partition());
                    out.writeLong(s.offset());
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public List<LogSplit> deserialize(int version, byte[] serialized) throws IOException {
            try (var in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                var splits = new ArrayList<LogSplit>(n);
                for (int i = 0; i < n; i++) {
                    splits.add(new LogSplit(in.readInt(), in.readLong()));
                }
                return splits;
            }
        }
    }
}
