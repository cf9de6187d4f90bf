package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openenos.streaming.flink.CustomPipelineJobTest.stage;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.JobSpecs;
import org.openenos.streaming.TemplatePipelines;
import org.openenos.streaming.TemplateType;

/** What the directory topic must carry for a job: exactly what its operators and look-up stages read. */
class DirectoryReadsTest {
    private static JobSpec custom(List<Map<String, Object>> stages) {
        return JobSpecs.parse(TemplateType.Custom, Map.of("stages", stages));
    }

    @Test
    void aCustomPipelinesParentAndChildLookUpsReadTheirTreesAndAnAssetLookUpTheAssetsOfItsInputModels() {
        var spec = custom(List.of(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("meter::kw", "weather::irr"))),
                stage("attrs", "AssetLookup", List.of("sel"), Map.of()),
                stage("parent", "ParentAssetLookup", List.of("attrs"), Map.of("treeId", "G")),
                stage("children", "ChildAssetLookup", List.of("parent"), Map.of("treeId", "H")),
                stage("calc", "ExpressionEvaluator", List.of("children"), Map.of("expression", "${meter::kw} * 2",
                        "outputPoint", "meter::kw2")),
                stage("out", "Output", List.of("calc"), Map.of())));
        var reads = DirectoryReads.of(spec);
        assertThat(reads.models()).containsExactlyInAnyOrder("meter", "weather");
        assertThat(reads.trees()).containsExactlyInAnyOrder("G", "H");
        assertThat(DirectoryPublisher.reads(spec)).isTrue();
    }

    @Test
    void aParentLookUpAloneReadsItsTreeAndNoAsset() {
        var reads = DirectoryReads.of(custom(List.of(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("meter::kw"))),
                stage("parent", "ParentAssetLookup", List.of("sel"), Map.of("treeId", "G")),
                stage("merge", "LatestRecordMerger", List.of("parent"), Map.of("points", List.of("meter::kw"),
                        "outputPoint", "site::merged", "groupBy", "tslParentLookup")),
                stage("out", "Output", List.of("merge"), Map.of()))));
        assertThat(reads).isEqualTo(new DirectoryReads(Set.of(), Set.of("G")));
    }

    @Test
    void aPipelineWithoutLookUpsReadsNothingSoItsJobGetsNoDirectory() {
        var spec = custom(List.of(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::p"))),
                stage("calc", "ExpressionEvaluator", List.of("sel"), Map.of("expression", "${inv::p} * 2",
                        "outputPoint", "inv::q")),
                stage("out", "Output", List.of("calc"), Map.of())));
        assertThat(DirectoryReads.of(spec).isEmpty()).isTrue();
        assertThat(DirectoryPublisher.reads(spec)).isFalse();
    }

    @Test
    void aTemplateReadsWhatItsPlatformStepReadsWhetherAloneOrInsideAPipeline() {
        var rollup = JobSpecs.parse(TemplateType.TreeRollup, Map.of("policies", List.of(Map.of("treeId", "T",
                "modelId", "inv", "inputPoint", "p", "aggregation", "sum", "outputModelId", "site",
                "outputPoint", "p"))));
        assertThat(DirectoryReads.of(rollup)).isEqualTo(new DirectoryReads(Set.of(), Set.of("T")));
        var asPipeline = new JobSpec.Custom(TemplatePipelines.of(rollup));
        assertThat(DirectoryReads.of(asPipeline)).isEqualTo(DirectoryReads.of(rollup));
        var window = JobSpecs.parse(TemplateType.TimeWindowAggregation, Map.of("policies", List.of(Map.of(
                "modelId", "inv", "inputPoint", "p", "aggregation", "avg", "outputPoint", "q",
                "windowMinutes", 1))));
        assertThat(DirectoryPublisher.reads(window)).isFalse();
    }
}
