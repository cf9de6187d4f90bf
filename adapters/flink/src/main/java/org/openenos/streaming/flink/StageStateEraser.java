package org.openenos.streaming.flink;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the state of one stage of a job that is not running: writes a new savepoint beside the checkpoint the job
 * would resume from, with every operator's state of that checkpoint but the stage's (found by its uid), so the next
 * start restores the other stages and the read offsets and starts the stage (and its timers) afresh.
 *
 * <p>Only the savepoint's metadata is rewritten: it refers to the same state files as the checkpoint, which stay in
 * the same run directory (the engine keeps the run it restores from). That is what the State Processor API's
 * {@code SavepointWriter.removeOperator} amounts to, without running a batch job (and taking a task slot) for it.
 */
final class StageStateEraser {
    private static final Logger LOG = LoggerFactory.getLogger(StageStateEraser.class);

    private StageStateEraser() {
    }

    /** The savepoint written, or null when the job has no checkpoint or it holds no state of the stage. */
    static Path erase(Path jobDir, java.util.List<String> uids) {
        String uid = String.join(",", uids);
        var checkpoint = CheckpointStateReader.latest(jobDir).orElse(null);
        if (checkpoint == null) {
            return null;
        }
        var stage = uids.stream().flatMap(u -> CheckpointStateReader.operator(checkpoint.metadata(), u).stream())
                .toList();
        if (stage.isEmpty()) {
            return null;
        }
        CheckpointMetadata metadata = checkpoint.metadata();
        var kept = metadata.getOperatorStates().stream().filter(s -> !stage.contains(s)).toList();
        var without = new CheckpointMetadata(metadata.getCheckpointId(), kept, metadata.getMasterStates(),
                metadata.getCheckpointProperties());
        Path target = checkpoint.dir().resolveSibling("stage-cleared-" + System.currentTimeMillis());
        try {
            Files.createDirectories(target);
            Path tmp = target.resolve("_metadata.tmp");
            try (var out = new DataOutputStream(Files.newOutputStream(tmp))) {
                Checkpoints.storeCheckpointMetadata(without, out);
            }
            // the engine takes a directory with _metadata as complete: it appears whole or not at all
            Files.move(tmp, target.resolve("_metadata"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            FlinkStreamEngine.deleteRecursively(target);
            throw new UncheckedIOException("cannot write a savepoint without the state of " + uid, e);
        }
        LOG.info("state of stage {} deleted: savepoint {} from checkpoint {}", uid, target, checkpoint.id());
        return target;
    }
}
