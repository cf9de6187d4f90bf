package org.openenos.streaming.flink;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the embedded Flink cluster.
 *
 * @param taskSlots          parallel task slots of the one task manager (default 2); each job runs with parallelism 1
 *                           unless {@code parallelism} says otherwise, so this bounds how many jobs run at once
 * @param parallelism        parallelism of each job (default 1)
 * @param managedMemoryBytes Flink managed memory (default 32 MiB; the heap state backend does not use it)
 * @param networkMemoryBytes network buffers between tasks (default 32 MiB)
 * @param checkpointInterval how often jobs checkpoint state and offsets (default 10 s)
 * @param checkpointDir      where checkpoints are kept, one directory per job
 */
public record FlinkEngineConfig(int taskSlots, int parallelism, long managedMemoryBytes, long networkMemoryBytes,
                                Duration checkpointInterval, Path checkpointDir) {
    public FlinkEngineConfig {
        if (taskSlots < 1 || parallelism < 1 || parallelism > taskSlots || managedMemoryBytes < 0
                || networkMemoryBytes < (4 << 20) || checkpointInterval.toMillis() < 100) {
            throw new IllegalArgumentException("invalid stream engine configuration");
        }
    }

    public static FlinkEngineConfig defaults(Path checkpointDir) {
        return new FlinkEngineConfig(2, 1, 32L << 20, 32L << 20, Duration.ofSeconds(10), checkpointDir);
    }

    public FlinkEngineConfig withCheckpointInterval(Duration interval) {
        return new FlinkEngineConfig(taskSlots, parallelism, managedMemoryBytes, networkMemoryBytes, interval,
                checkpointDir);
    }

    public FlinkEngineConfig withSlots(int slots, int jobParallelism) {
        return new FlinkEngineConfig(slots, jobParallelism, managedMemoryBytes, networkMemoryBytes,
                checkpointInterval, checkpointDir);
    }
}
