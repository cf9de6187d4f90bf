package org.openenos.streaming.flink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the cluster execution mode: stream jobs on a Flink session cluster reading and writing the Kafka bus.
 *
 * @param restAddress        the JobManager's REST endpoint, for example {@code http://flink-jobmanager:8081}
 * @param jobJar             the job jar the build makes ({@code openenos-adapter-flink-<version>-job.jar}), uploaded
 *                           with every job so a stock Flink cluster needs nothing in its lib/
 * @param checkpointDir      where jobs keep checkpoints and savepoints, one directory per job; a URI that the
 *                           JobManager, the TaskManagers and every server node reach (a shared file system path,
 *                           {@code s3://…}, {@code hdfs://…})
 * @param checkpointInterval how often jobs checkpoint their state and Kafka offsets
 * @param parallelism        parallelism of each job
 * @param bootstrapServers   the Kafka bus's brokers, as the TaskManagers reach them
 * @param topic              the bus's telemetry topic: jobs read it and write their results back to it
 * @param partitions         partitions of the topic (results go to the partition the bus assigns their asset)
 * @param kafkaProperties    further Kafka client settings of the bus (security), given to the job's clients as well
 * @param directoryRefresh   how often the server reads again what jobs read from the registry (attributes, time
 *                           zones, trees) and writes what changed to the directory topic (ADR 0129)
 */
public record ClusterEngineConfig(String restAddress, Path jobJar, String checkpointDir, Duration checkpointInterval,
                                  int parallelism, String bootstrapServers, String topic, int partitions,
                                  Map<String, String> kafkaProperties, Duration directoryRefresh) {
    /** With the default directory refresh of 10 s. */
    public ClusterEngineConfig(String restAddress, Path jobJar, String checkpointDir, Duration checkpointInterval,
                               int parallelism, String bootstrapServers, String topic, int partitions,
                               Map<String, String> kafkaProperties) {
        this(restAddress, jobJar, checkpointDir, checkpointInterval, parallelism, bootstrapServers, topic, partitions,
                kafkaProperties, Duration.ofSeconds(10));
    }

    public ClusterEngineConfig {
        if (restAddress == null || restAddress.isBlank()) {
            throw new IllegalArgumentException("cluster streaming needs the JobManager's REST address");
        }
        if (jobJar == null || !Files.isRegularFile(jobJar)) {
            throw new IllegalArgumentException("cluster streaming needs the job jar; not found: " + jobJar);
        }
        if (checkpointDir == null || checkpointDir.isBlank()) {
            throw new IllegalArgumentException("cluster streaming needs a checkpoint directory both sides reach");
        }
        if (parallelism < 1 || partitions < 1 || checkpointInterval.toMillis() < 100
                || directoryRefresh == null || directoryRefresh.toMillis() < 100) {
            throw new IllegalArgumentException("invalid cluster streaming configuration");
        }
        kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
        checkpointDir = checkpointDir.endsWith("/") ? checkpointDir.substring(0, checkpointDir.length() - 1)
                : checkpointDir;
    }

    /** The compacted topic of what jobs read from the registry, beside the bus topic. */
    String directoryTopic() {
        return topic + "-directory";
    }

    /** The directory of one job's checkpoints and savepoints. */
    String jobDir(String pipelineId) {
        return checkpointDir + "/" + pipelineId;
    }

    /** The Kafka consumer group a job's source commits its checkpointed offsets to (for the lag, not for restores). */
    static String groupOf(String pipelineId) {
        return "openenos-stream-" + pipelineId;
    }
}
