package org.openenos.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.openenos.registry.AssetService;
import org.openenos.streaming.JobStatus;
import org.openenos.streaming.StreamingService;
import org.openenos.streaming.DryRun;
import org.openenos.streaming.flink.FlinkDryRunner;
import org.openenos.streaming.flink.FlinkStreamEngine;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Dry runs of stream jobs: stored history through the embedded engine, nothing written. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamingDryRunProperties.class)
@ConditionalOnProperty(name = "openenos.streaming.enabled", havingValue = "true", matchIfMissing = true)
public class StreamingOpsConfiguration {

    /** {@code openenos_stream_jobs{status}}: jobs of all organizations per status (per-job gauges are the engine's). */
    @Bean
    MeterBinder streamJobStatusMetrics(StreamingService streaming) {
        return registry -> {
            for (JobStatus status : JobStatus.values()) {
                Gauge.builder("openenos.stream.jobs", streaming, s -> s.countInStatus(status))
                        .tag("status", status.name()).description("stream jobs in this status")
                        .register(registry);
            }
        };
    }

    @Bean
    DryRun streamDryRun(StreamingDryRunProperties props, AssetService assets, TimeSeriesModule timeSeries,
                        FlinkStreamEngine engine) {
        return new DryRun(new StoredHistory(assets, timeSeries.store()), new FlinkDryRunner(engine),
                new DryRun.Limits(props.maxSpan().toMillis(), props.maxAssets(), props.maxInputValues()));
    }
}
