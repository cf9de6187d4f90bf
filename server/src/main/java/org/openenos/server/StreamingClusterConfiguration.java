package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.alerting.postgres.PostgresModelAssets;
import org.openenos.registry.AssetService;
import org.openenos.streaming.StreamDirectory;
import org.openenos.streaming.flink.ClusterEngineConfig;
import org.openenos.streaming.flink.ClusterStreamEngine;
import org.openenos.streaming.flink.DirectorySource;
import org.openenos.timeseries.TimeSeriesModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cluster execution mode ({@code openenos.streaming.mode=cluster}): stream jobs run on a Flink session cluster and
 * read and write the Kafka bus; this engine takes the place of the embedded one for the /streaming API. The
 * embedded engine stays for dry runs, which read stored history and write nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamingModeProperties.class)
@ConditionalOnExpression("'${openenos.streaming.enabled:true}' == 'true'"
        + " and '${openenos.streaming.mode:embedded}'.equalsIgnoreCase('cluster')")
public class StreamingClusterConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingClusterConfiguration.class);

    @Bean(destroyMethod = "close")
    @Primary
    ClusterStreamEngine clusterStreamEngine(StreamingModeProperties mode, StreamingProperties streaming,
                                            BusProperties bus, TimeSeriesModule timeSeries, MeterRegistry meters,
                                            JdbcClient jdbc, AssetService assets, StreamDirectory registry) {
        if (bus.type() != BusProperties.Type.KAFKA) {
            throw new IllegalStateException("openenos.streaming.mode=cluster needs openenos.bus.type=kafka: jobs on a"
                    + " Flink cluster read and write the bus's Kafka topic, and the embedded bus lives inside this"
                    + " server where the cluster cannot reach it");
        }
        var cluster = mode.cluster();
        if (cluster.jobJar() == null) {
            throw new IllegalStateException("openenos.streaming.mode=cluster needs openenos.streaming.cluster.job-jar,"
                    + " the job jar of the build (openenos-adapter-flink-VERSION-job.jar)");
        }
        if (cluster.checkpointDir() == null || cluster.checkpointDir().isBlank()) {
            throw new IllegalStateException("openenos.streaming.mode=cluster needs"
                    + " openenos.streaming.cluster.checkpoint-dir, a directory the Flink cluster and every server"
                    + " node reach (file:///shared/path, s3://bucket/path)");
        }
        var k = bus.kafka();
        var config = new ClusterEngineConfig(cluster.restAddress(), cluster.jobJar(), cluster.checkpointDir(),
                streaming.checkpointInterval(), streaming.parallelism(), k.bootstrapServers(), k.topic(),
                k.partitions(), k.properties(), cluster.directoryRefresh());
        LOG.info("stream jobs run on the Flink session cluster at {}, checkpoints in {}", cluster.restAddress(),
                cluster.checkpointDir());
        return new ClusterStreamEngine(config, timeSeries.bus(), registryForJobs(jdbc, assets, registry), meters);
    }

    /** What cluster jobs read from the registry, for the directory topic (ADR 0129). */
    private static DirectorySource registryForJobs(JdbcClient jdbc, AssetService assets, StreamDirectory registry) {
        var modelAssets = new PostgresModelAssets(jdbc);
        return new DirectorySource() {
            @Override
            public List<String> assetsOfModel(String orgId, String modelId) {
                return modelAssets.assetsOfModel(orgId, modelId, Integer.MAX_VALUE);
            }

            @Override
            public Map<String, Asset> assets(String orgId, List<String> assetIds) {
                var found = new LinkedHashMap<String, Asset>();
                assets.getAll(orgId, assetIds).forEach(a ->
                        found.put(a.assetId(), new Asset(a.timezone(), a.attributes())));
                return found;
            }

            @Override
            public List<StreamDirectory.TreeNode> treeNodes(String orgId, String treeId) {
                return registry.treeNodes(orgId, treeId);
            }
        };
    }
}
