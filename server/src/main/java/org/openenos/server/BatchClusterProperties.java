package org.openenos.server;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Batch SQL steps on a Flink session cluster (docs/scale-out.md, "Batch workflows on the cluster"; ADR 0130).
 *
 * @param defaultEngine where a SQL step without an engine setting runs: calcite (in this server) or flink
 *                      (on the cluster; needs exchange-dir)
 * @param restAddress   the JobManager's REST endpoint; empty: openenos.streaming.cluster.rest-address
 * @param exchangeDir   a directory this server and every TaskManager reach under the same path, where a step's input
 *                      and result files are exchanged; setting it makes the flink engine available
 * @param parallelism   parallelism of each step's job
 * @param pollInterval  how often a waiting step asks the JobManager for its job's state
 */
@ConfigurationProperties("openenos.batch.cluster")
public record BatchClusterProperties(@DefaultValue("calcite") String defaultEngine,
                                     String restAddress,
                                     Path exchangeDir,
                                     @DefaultValue("1") int parallelism,
                                     @DefaultValue("500ms") Duration pollInterval) {
}
