package org.openenos.streaming.flink;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobInfoImpl;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.common.functions.util.RuntimeUDFContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.api.input.KeyedStateInputFormat;
import org.apache.flink.state.api.input.operator.KeyedStateReaderOperator;
import org.apache.flink.state.api.input.splits.KeyGroupRangeInputSplit;
import org.apache.flink.state.api.runtime.SavepointLoader;
import org.openenos.streaming.StreamEngine.StagePage;
import org.openenos.streaming.StreamEngine.StageValue;

/**
 * Reads the keyed state of one operator (by its uid) from a job's newest completed checkpoint with Flink's State
 * Processor API, in this JVM: the checkpoint's files are restored into a heap state backend one range of key groups
 * at a time ({@link #SPLITS} ranges), so at most a sixteenth of a stage's state is in memory at once, and reading
 * stops as soon as the page is full. The running job is not touched: it keeps checkpointing while a page is read.
 */
final class CheckpointStateReader {
    /** Key-group ranges read one after the other (Flink's default max parallelism is 128 key groups). */
    static final int SPLITS = 16;

    private CheckpointStateReader() {
    }

    /** A completed checkpoint (or a savepoint the engine wrote): its directory, id and completion time. */
    record Checkpoint(Path dir, long id, long completedAt, CheckpointMetadata metadata) {
    }

    /** The job's newest completed checkpoint, if it has one. */
    static Optional<Checkpoint> latest(Path jobDir) {
        Optional<Path> dir = FlinkStreamEngine.latestCheckpoint(jobDir);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        try {
            CheckpointMetadata metadata = SavepointLoader.loadSavepointMetadata(dir.get().toString());
            long completedAt = Files.getLastModifiedTime(dir.get().resolve("_metadata")).toMillis();
            return Optional.of(new Checkpoint(dir.get(), metadata.getCheckpointId(), completedAt, metadata));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + dir.get(), e);
        }
    }

    /** The state of the operator with this uid, or empty when the checkpoint holds none (a fresh stage). */
    static Optional<OperatorState> operator(CheckpointMetadata metadata, String uid) {
        var id = OperatorIdentifier.forUid(uid).getOperatorId();
        return metadata.getOperatorStates().stream().filter(s -> s.getOperatorID().equals(id)).findFirst();
    }

    /**
     * One page of what the stage's operators' readers make of each key's state, in a stable order (operator, then
     * key-group range, then {@code order} within it): {@code offset} values are skipped, at most {@code limit}
     * returned. A sliding window has one operator per slide step; other stages one.
     */
    static StagePage read(Path jobDir, List<StageStateReaders.Part> parts, Comparator<StageValue> order, int offset,
                          int limit) {
        String uid = parts.getFirst().uid();
        // a checkpoint may be dropped by the running job (it retains a few) while it is read: read the next one
        for (int attempt = 1; ; attempt++) {
            try {
                Optional<Checkpoint> checkpoint = latest(jobDir);
                if (checkpoint.isEmpty()) {
                    return new StagePage(List.of(), null, null, null);
                }
                return read(checkpoint.get(), parts, order, offset, limit);
            } catch (IOException | UncheckedIOException e) {
                if (attempt >= 3 || !(rootCause(e) instanceof FileNotFoundException
                        || rootCause(e) instanceof java.nio.file.NoSuchFileException)) {
                    throw new IllegalStateException("cannot read the state of " + uid + " from the checkpoints in "
                            + jobDir.getFileName() + ": " + rootCause(e).getMessage(), e);
                }
            }
        }
    }

    private static StagePage read(Checkpoint checkpoint, List<StageStateReaders.Part> parts,
                                  Comparator<StageValue> order, int offset, int limit) throws IOException {
        var page = new Page(offset, limit);
        for (StageStateReaders.Part part : parts) {
            Optional<OperatorState> state = operator(checkpoint.metadata(), part.uid());
            if (state.isPresent() && !read(state.get(), part.reader(), order, page)) {
                break;
            }
        }
        return new StagePage(page.values, checkpoint.id(), checkpoint.completedAt(),
                page.more ? offset + page.values.size() : null);
    }

    /** The page being filled: {@code offset} values skipped, at most {@code limit} kept. */
    private static final class Page {
        final List<StageValue> values = new ArrayList<>();
        final int offset;
        final int limit;
        int skipped;
        boolean more;

        Page(int offset, int limit) {
            this.offset = offset;
            this.limit = limit;
        }

        /** False once the page is full and another value was offered. */
        boolean offer(StageValue v) {
            if (skipped < offset) {
                skipped++;
            } else if (values.size() < limit) {
                values.add(v);
            } else {
                more = true;
            }
            return !more;
        }
    }

    /** Reads one operator's state into the page; false when the page is full. */
    private static boolean read(OperatorState state, KeyedStateReaderFunction<String, StageValue> reader,
                                Comparator<StageValue> order, Page page) throws IOException {
        var format = new KeyedStateInputFormat<>(state, new HashMapStateBackend(), new Configuration(),
                new KeyedStateReaderOperator<>(reader, Types.STRING), new ExecutionConfig());
        format.setRuntimeContext(runtimeContext(state.getMaxParallelism()));
        format.openInputFormat();
        try {
            for (KeyGroupRangeInputSplit split : format.createInputSplits(SPLITS)) {
                var values = new ArrayList<StageValue>();
                format.open(split);
                try {
                    while (!format.reachedEnd()) {
                        StageValue v = format.nextRecord(null);
                        if (v != null) {
                            values.add(v);
                        }
                    }
                } finally {
                    format.close();
                }
                values.sort(order);
                for (StageValue v : values) {
                    if (!page.offer(v)) {
                        return false;
                    }
                }
            }
            return true;
        } finally {
            format.closeInputFormat();
        }
    }

    /** The reader runs as if it were {@link #SPLITS} subtasks, one per range of key groups. */
    private static RuntimeUDFContext runtimeContext(int maxParallelism) {
        return new RuntimeUDFContext(new JobInfoImpl(new JobID(), "stage state"),
                new TaskInfoImpl("stage state", maxParallelism, 0, SPLITS, 0), CheckpointStateReader.class.getClassLoader(),
                new ExecutionConfig(), new HashMap<>(), new HashMap<>(),
                UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup());
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
