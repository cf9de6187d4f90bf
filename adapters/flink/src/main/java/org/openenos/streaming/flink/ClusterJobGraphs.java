package org.openenos.streaming.flink;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.StreamJob;

/**
 * The job of a stream job for a session cluster: Flink's Kafka source on the bus topic → the job's operators, a
 * template's or a custom pipeline's ({@link JobGraphs#templateOperators}, the same as embedded) → Flink's Kafka sink
 * writing the results back to the bus topic in the bus's format. Operators and look-up stages that read the registry
 * read the directory topic instead (ADR 0129). The
 * sink is at-least-once: a value written again after a restore has the same
 * (asset, point, time) and the same value, and the store keeps one value per key (ADR 0128).
 */
final class ClusterJobGraphs {
    private ClusterJobGraphs() {
    }

    static JobGraph build(ClusterEngineConfig config, StreamJob job, JobSpec spec, Map<Integer, Long> startOffsets,
                          Configuration jobConfig, String restorePath) {
        if (DirectoryPublisher.reads(spec)) {
            jobConfig.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, directoryParameters(config));
        }
        var env = new StreamExecutionEnvironment(jobConfig);
        env.setParallelism(config.parallelism());
        var initial = new HashMap<TopicPartition, Long>();
        startOffsets.forEach((p, o) -> initial.put(new TopicPartition(config.topic(), p), o));
        var source = KafkaSource.<AssetSample>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topic())
                .setGroupId(ClusterEngineConfig.groupOf(job.pipelineId()))
                .setStartingOffsets(OffsetsInitializer.offsets(initial))
                .setDeserializer(new BusRecordDeserializer(new PointSelection(job.orgId(), spec.inputs())))
                .setProperties(kafkaProperties(config))
                .setProperty("isolation.level", "read_committed")
                .build();
        var samples = env.fromSource(source, WatermarkStrategy.noWatermarks(), "bus topic (" + job.orgId() + ")",
                TypeInformation.of(AssetSample.class)).uid("source");
        var sink = KafkaSink.<OutputValue>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(producerProperties(config))
                .setRecordSerializer(new BusRecordSerializer(config.topic(), config.partitions()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
        JobGraphs.templateOperators(samples, "cluster", job, spec).sinkTo(sink).uid("sink").name("bus topic")
                .disableChaining(); // its own vertex, so Flink counts the results it receives
        return JobGraphs.jobGraph(env, job, restorePath);
    }

    /**
     * The job parameters that give the template's operators the directory topic instead of the server's registry
     * ({@link JobDirectory}). They carry the bus's client settings: whoever reaches the JobManager's REST API can run
     * code on the TaskManagers anyway, so it must be protected as the bus's credentials are.
     */
    private static Map<String, String> directoryParameters(ClusterEngineConfig config) {
        var params = new HashMap<String, String>();
        params.put(KafkaStreamDirectory.TOPIC, config.directoryTopic());
        params.put(KafkaStreamDirectory.BOOTSTRAP, config.bootstrapServers());
        config.kafkaProperties().forEach((k, v) -> params.put(KafkaStreamDirectory.KAFKA_PREFIX + k, v));
        return params;
    }

    private static Properties kafkaProperties(ClusterEngineConfig config) {
        var props = new Properties();
        props.putAll(config.kafkaProperties());
        return props;
    }

    /** As durable as a device's publish: every in-sync replica has a result before a checkpoint completes. */
    private static Properties producerProperties(ClusterEngineConfig config) {
        var props = kafkaProperties(config);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "5");
        return props;
    }
}
