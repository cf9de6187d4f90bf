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
 * @param enabled            whether the /streaming API and the engine are available (default true)
 * @param taskSlots          task slots of the embedded cluster: how many jobs (× parallelism) run at once (default 4)
 * @param parallelism        parallelism of each job (default 1)
 * @param managedMemory      Flink managed memory (default 32MB; the heap state backend does not use it)
 * @param networkMemory      Flink network buffers (default 32MB)
 * @param checkpointInterval how often jobs checkpoint their state and log offsets (default 10s)
 * @param checkpointDir      where checkpoints are kept (default {@code <data-dir>/streaming/checkpoints})
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
