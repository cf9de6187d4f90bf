package org.openenos.server;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of stream processing (docs/configuration.md, "Stream processing"). The embedded Flink cluster starts
 * with the first started job; these bound what it may use then.
 *
 * @param enabled            whether the /streaming API and the stream engine are available
 * @param taskSlots          task slots of the embedded Flink cluster, started with the first job: how many jobs
 *                           (times their parallelism) run at once
 * @param parallelism        parallelism of each stream job
 * @param managedMemory      Flink managed memory of the embedded cluster (the heap state backend does not use it)
 * @param networkMemory      Flink network buffers of the embedded cluster
 * @param checkpointInterval how often stream jobs checkpoint their state and log offsets
 * @param checkpointDir      where stream job checkpoints are kept; empty means data-dir/streaming/checkpoints
 */
@ConfigurationProperties("openenos.streaming")
public record StreamingProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("4") int taskSlots,
                                  @DefaultValue("1") int parallelism,
                                  @DefaultValue("32MB") DataSize managedMemory,
                                  @DefaultValue("32MB") DataSize networkMemory,
                                  @DefaultValue("10s") Duration checkpointInterval,
                                  Path checkpointDir) {
}
