package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink source over the partitions of the embedded telemetry log. Each partition is a split whose offset is kept
 * in Flink's checkpoints (as the Kafka source does), so a job restored from a checkpoint reads exactly the records
 * after it. The first start reads from {@code startOffsets}, the log's end when the job was started.
 */
final class LogSource implements Source<AssetSample, LogSplit, List<LogSplit>> {
    private final String engineKey;
    private final String pipelineId;
    private final PointSelection selection;
    private final Map<Integer, Long> startOffsets;

    LogSource(String engineKey, String pipelineId, PointSelection selection, Map<Integer, Long> startOffsets) {
        this.engineKey = engineKey;
        this.pipelineId = pipelineId;
        this.selection = selection;
        this.startOffsets = Map.copyOf(startOffsets);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<LogSplit, List<LogSplit>> createEnumerator(SplitEnumeratorContext<LogSplit> context) {
        var splits = new ArrayList<LogSplit>();
        startOffsets.forEach((p, o) -> splits.add(new LogSplit(p, o)));
        return new LogSplitEnumerator(context, splits);
    }

    @Override
    public SplitEnumerator<LogSplit, List<LogSplit>> restoreEnumerator(SplitEnumeratorContext<LogSplit> context,
                                                                       List<LogSplit> checkpoint) {
        return new LogSplitEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<LogSplit> getSplitSerializer() {
        return new LogSplit.Serializer();
    }

    @Override
    public SimpleVersionedSerializer<List<LogSplit>> getEnumeratorCheckpointSerializer() {
        return new LogSplitEnumerator.StateSerializer();
    }

    @Override
    public SourceReader<AssetSample, LogSplit> createReader(SourceReaderContext context) {
        return new LogSourceReader(EngineResources.telemetry(engineKey).bus(), selection,
                EngineResources.counters(pipelineId));
    }
}
