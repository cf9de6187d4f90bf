package org.openenos.batch.flink;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of batch SQL steps on a Flink session cluster (ADR 0130).
 *
 * @param restAddress  the JobManager's REST endpoint, for example {@code http://flink-jobmanager:8081}
 * @param exchangeDir  a directory this server and every TaskManager reach under the same path (a shared volume): a
 *                     step's input files are written there and its result files read back
 * @param parallelism  parallelism of each step's job
 * @param pollInterval how often a waiting step asks the JobManager for its job's state
 */
public record FlinkBatchConfig(String restAddress, Path exchangeDir, int parallelism, Duration pollInterval) {
    public FlinkBatchConfig {
        if (restAddress == null || restAddress.isBlank()) {
            throw new IllegalArgumentException("batch steps on the Flink cluster need the JobManager's REST address");
        }
        if (exchangeDir == null) {
            throw new IllegalArgumentException("batch steps on the Flink cluster need an exchange directory that the"
                    + " server and the TaskManagers share");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
    }
}
