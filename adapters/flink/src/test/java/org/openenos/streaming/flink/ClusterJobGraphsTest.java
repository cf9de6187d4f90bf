package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openenos.streaming.flink.CustomPipelineJobTest.stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.JobSpecs;
import org.openenos.streaming.JobStatus;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;

/**
 * A custom pipeline's job for a session cluster, built without a cluster: the seam that gives its look-up stages the
 * directory topic instead of the server's registry is in its job parameters, and its stages keep the operator ids of
 * the embedded job, so a pipeline's state means the same in both modes.
 */
class ClusterJobGraphsTest {
    @TempDir
    Path dir;

    private static final List<Map<String, Object>> WITH_PARENT_LOOKUP = List.of(
            stage("sel", "PointSelector", List.of(), Map.of("points", List.of("meter::kw"))),
            stage("parent", "ParentAssetLookup", List.of("sel"), Map.of("treeId", "G")),
            stage("merge", "LatestRecordMerger", List.of("parent"), Map.of("points", List.of("meter::kw"),
                    "outputPoint", "site::merged", "groupBy", "tslParentLookup")),
            stage("calc", "ExpressionEvaluator", List.of("merge"), Map.of("expression", "${meter::kw} * 2",
                    "outputPoint", "site::kw")),
            stage("out", "Output", List.of("calc"), Map.of()));

    private static final List<Map<String, Object>> WITHOUT_LOOKUPS = List.of(
            stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::p"))),
            stage("calc", "ExpressionEvaluator", List.of("sel"), Map.of("expression", "${inv::p} * 2",
                    "outputPoint", "inv::q")),
            stage("out", "Output", List.of("calc"), Map.of()));

    private ClusterEngineConfig config() throws Exception {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        return new ClusterEngineConfig("http://127.0.0.1:1", jar, dir.toUri().toString(), Duration.ofSeconds(1), 1,
                "127.0.0.1:9092", "telemetry", 4, Map.of("security.protocol", "PLAINTEXT"));
    }

    private static StreamJob job(Map<String, Object> config) {
        var now = Instant.now();
        return new StreamJob("p1", "o1", "plant", TemplateType.Custom, config, config, 1, 1, JobStatus.PUBLISHED,
                null, now, now);
    }

    private static Map<String, String> jobParameters(JobGraph graph) throws Exception {
        return graph.getSerializedExecutionConfig().deserializeValue(ClusterJobGraphsTest.class.getClassLoader())
                .getGlobalJobParameters().toMap();
    }

    private static Set<OperatorID> operatorIds(JobGraph graph) {
        var ids = new HashSet<OperatorID>();
        for (JobVertex v : graph.getVertices()) {
            v.getOperatorIDs().stream().map(OperatorIDPair::getGeneratedOperatorID).forEach(ids::add);
        }
        return ids;
    }

    @Test
    void aCustomPipelineWithALookUpReadsTheDirectoryTopicOnTheClusterWithTheBusClientSettings() throws Exception {
        var config = Map.<String, Object>of("stages", WITH_PARENT_LOOKUP);
        JobSpec spec = JobSpecs.parse(TemplateType.Custom, config);
        var graph = ClusterJobGraphs.build(config(), job(config), spec, Map.of(0, 0L), new Configuration(), null);
        assertThat(jobParameters(graph))
                .containsEntry(KafkaStreamDirectory.TOPIC, "telemetry-directory")
                .containsEntry(KafkaStreamDirectory.BOOTSTRAP, "127.0.0.1:9092")
                .containsEntry(KafkaStreamDirectory.KAFKA_PREFIX + "security.protocol", "PLAINTEXT");
    }

    @Test
    void aCustomPipelineWithoutLookUpsGetsNoDirectory() throws Exception {
        var config = Map.<String, Object>of("stages", WITHOUT_LOOKUPS);
        var graph = ClusterJobGraphs.build(config(), job(config), JobSpecs.parse(TemplateType.Custom, config),
                Map.of(0, 0L), new Configuration(), null);
        assertThat(jobParameters(graph)).doesNotContainKey(KafkaStreamDirectory.TOPIC);
    }

    @Test
    void theClusterJobOfACustomPipelineHasEveryOperatorIdOfItsEmbeddedJob() throws Exception {
        var config = Map.<String, Object>of("stages", WITH_PARENT_LOOKUP);
        JobSpec spec = JobSpecs.parse(TemplateType.Custom, config);
        var embedded = JobGraphs.build("engine", job(config), spec, Map.of(0, 0L), new Configuration(), 1, null);
        var cluster = ClusterJobGraphs.build(config(), job(config), spec, Map.of(0, 0L), new Configuration(), null);
        assertThat(operatorIds(embedded)).hasSizeGreaterThan(5);
        assertThat(operatorIds(cluster)).containsAll(operatorIds(embedded));
        assertThat(jobParameters(embedded)).as("embedded: the engine's registry").doesNotContainKey(
                KafkaStreamDirectory.TOPIC);
    }
}
