package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.openenos.batch.OrgCatalog;
import org.openenos.batch.flink.FlinkBatchConfig;
import org.openenos.batch.flink.FlinkBatchQueries;
import org.openenos.timeseries.TimeSeriesModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Batch SQL steps on a Flink session cluster (ADR 0130): present when {@code openenos.batch.cluster.exchange-dir} is
 * set. The workflow scheduler stays in the server; a step with {@code engine: flink} (or every SQL step, with
 * {@code openenos.batch.cluster.default-engine=flink}) runs as a bounded Flink SQL job.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamingModeProperties.class)
@ConditionalOnProperty("openenos.batch.cluster.exchange-dir")
public class BatchClusterConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(BatchClusterConfiguration.class);

    @Bean
    FlinkBatchQueries flinkBatchQueries(BatchClusterProperties p, StreamingModeProperties streaming,
                                        OrgCatalog catalog, TimeSeriesModule timeSeries, MeterRegistry meters) {
        String rest = p.restAddress() == null || p.restAddress().isBlank() ? streaming.cluster().restAddress()
                : p.restAddress();
        try {
            Files.createDirectories(p.exchangeDir());
        } catch (IOException e) {
            throw new UncheckedIOException("openenos.batch.cluster.exchange-dir " + p.exchangeDir()
                    + " cannot be created", e);
        }
        LOG.info("batch SQL steps with engine flink run on the Flink session cluster at {}, files exchanged in {};"
                + " default engine {}", rest, p.exchangeDir(), p.defaultEngine());
        return new FlinkBatchQueries(new FlinkBatchConfig(rest, p.exchangeDir(), p.parallelism(), p.pollInterval()),
                catalog, timeSeries.store(), meters);
    }
}
