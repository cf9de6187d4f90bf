package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.openenos.registry.AssetService;
import org.openenos.registry.AssetTreeService;
import org.openenos.registry.ModelService;
import org.openenos.streaming.RegistryStreamDirectory;
import org.openenos.streaming.StreamDirectory;
import org.openenos.streaming.StreamEngine;
import org.openenos.streaming.StreamingService;
import org.openenos.streaming.flink.FlinkEngineConfig;
import org.openenos.streaming.flink.FlinkStreamEngine;
import org.openenos.streaming.postgres.PostgresStreamJobStore;
import org.openenos.streaming.postgres.PostgresStreamJobVersionStore;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stream processing: job definitions in PostgreSQL, jobs on the embedded Flink engine reading the telemetry log and
 * writing back through the ingest path. The engine starts nothing until a job starts; jobs that were running when
 * the server stopped resume from their checkpoints once the server is ready.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamingProperties.class)
@ConditionalOnProperty(name = "openenos.streaming.enabled", havingValue = "true", matchIfMissing = true)
public class StreamingConfiguration {

    @Bean(destroyMethod = "close")
    FlinkStreamEngine streamEngine(StreamingProperties props, OpenEnosProperties openenos, TimeSeriesModule timeSeries,
                                   MeterRegistry meters, StreamDirectory streamDirectory) {
        var config = new FlinkEngineConfig(props.taskSlots(), props.parallelism(), props.managedMemory().toBytes(),
                props.networkMemory().toBytes(), props.checkpointInterval(), props.checkpointDir() != null
                ? props.checkpointDir() : openenos.dataDir().resolve("streaming").resolve("checkpoints"));
        return new FlinkStreamEngine(config, timeSeries.bus(), timeSeries.ingest(), meters, streamDirectory);
    }

    /** Time zones and asset trees for the daily-energy and roll-up templates, read from the registry. */
    @Bean
    StreamDirectory streamDirectory(AssetService assets, AssetTreeService trees) {
        return new RegistryStreamDirectory(assets, trees);
    }

    /** The points of a custom pipeline are checked against the organization's models (with inherited points). */
    @Bean
    StreamingService streamingService(JdbcClient jdbc, StreamEngine engine, Clock clock, ModelService models) {
        return new StreamingService(new PostgresStreamJobStore(jdbc), new PostgresStreamJobVersionStore(jdbc), engine,
                clock, orgId -> modelId -> models.resolved(orgId, modelId).map(m -> m.measurepoints().keySet()));
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeRunningJobs(ApplicationReadyEvent event) {
        event.getApplicationContext().getBean(StreamingService.class).resumeRunningJobs();
    }
}
