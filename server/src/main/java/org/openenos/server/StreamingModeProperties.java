package org.openenos.server;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where stream jobs run (docs/streaming.md, "Cluster execution mode"; ADR 0128).
 *
 * @param mode    embedded (a Flink MiniCluster inside this server, started with the first job) or cluster (a Flink
 *                session cluster reading and writing the Kafka bus; needs openenos.bus.type=kafka)
 * @param cluster the session cluster when the mode is {@code cluster}
 */
@ConfigurationProperties("openenos.streaming")
public record StreamingModeProperties(@DefaultValue("embedded") Mode mode, @DefaultValue Cluster cluster) {

    public enum Mode {
        EMBEDDED, CLUSTER
    }

    /**
     * @param restAddress   the JobManager's REST endpoint
     * @param jobJar        the job jar of the build (openenos-adapter-flink-VERSION-job.jar), uploaded with every job
     * @param checkpointDir where jobs keep checkpoints and savepoints: a URI the JobManager, the TaskManagers and
     *                      every server node reach (file:///shared/path, s3://bucket/path, hdfs://...)
     * @param directoryRefresh how often what running jobs read from the registry (attributes, time zones, asset
     *                      trees) is read again and its changes written to the directory topic the jobs follow
     */
    public record Cluster(@DefaultValue("http://localhost:8081") String restAddress,
                          Path jobJar,
                          String checkpointDir,
                          @DefaultValue("10s") Duration directoryRefresh) {
    }
}
