package org.openenos.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

class JobSpecsTest {

    private static Map<String, Object> window(Map<String, Object> policy) {
        return Map.of("latencySeconds", 30, "policies", List.of(policy));
    }

    private static Map<String, Object> avg() {
        var p = new HashMap<String, Object>();
        p.put("modelId", "m");
        p.put("inputPoint", "p");
        p.put("aggregation", "avg");
        p.put("windowMinutes", 5);
        p.put("outputPoint", "p_avg");
        return p;
    }

    @Test
    void aWindowPolicyBecomesATypedSpecWithItsLatencyAndThreshold() {
        var p = avg();
        p.put("aggregation", "cnt");
        p.put("threshold", Map.of("method", ">=", "value", 0));
        var spec = (JobSpec.WindowAggregation) JobSpecs.parse(TemplateType.TimeWindowAggregation, window(p));
        assertThat(spec.latencyMillis()).isEqualTo(30_000);
        assertThat(spec.policies().getFirst().aggregation()).isEqualTo(Aggregation.COUNT);
        assertThat(spec.policies().getFirst().windowMillis()).isEqualTo(300_000);
        assertThat(spec.policies().getFirst().threshold().accepts(-1)).isFalse();
        assertThat(spec.inputs()).containsExactly(new PointRef("m", "p"));
        assertThat(spec.outputs()).containsExactly(new PointRef("m", "p_avg"));
    }

    @Test
    void errorsNameThePolicyAndTheField() {
        var p = avg();
        p.put("aggregation", "median");
        assertThatThrownBy(() -> JobSpecs.parse(TemplateType.TimeWindowAggregation, window(p)))
                .isInstanceOf(OpenEnosException.class).hasMessageStartingWith("policies[0].aggregation:");
        var q = avg();
        q.remove("outputPoint");
        assertThatThrownBy(() -> JobSpecs.parse(TemplateType.TimeWindowAggregation, window(q)))
                .satisfies(e -> assertThat(((OpenEnosException) e).code()).isEqualTo(ErrorCode.STREAM_MISSING_PARAMETER))
                .hasMessage("policies[0].outputPoint: is required");
        var r = avg();
        r.put("windowMinutes", 0);
        assertThatThrownBy(() -> JobSpecs.parse(TemplateType.TimeWindowAggregation, window(r)))
                .hasMessageStartingWith("policies[0].windowMinutes:");
        assertThatThrownBy(() -> JobSpecs.parse(TemplateType.TimeWindowAggregation, Map.of("policies", List.of())))
                .hasMessageStartingWith("config.policies:");
    }

    @Test
    void aJobWhoseOutputFeedsItsOwnInputIsRefused() {
        var a = avg();
        var b = avg();
        b.put("inputPoint", "p_avg");
        b.put("outputPoint", "p");
        assertThatThrownBy(() -> JobSpecs.parse(TemplateType.TimeWindowAggregation,
                Map.of("policies", List.of(a, b)))).hasMessageContaining("loop");
    }

    @Test
    void aCalculatedPointReadsThePointsOfItsExpression() {
        var spec = (JobSpec.PointMerge) JobSpecs.parse(TemplateType.MultiPointMerge, Map.of("policies", List.of(
                Map.of("modelId", "m", "outputPoint", "q", "expression", "${m::a} * 2 + ${b}"))));
        JobSpec.MergePolicy policy = spec.policies().getFirst();
        assertThat(policy.inputs()).containsExactlyInAnyOrder(new PointRef("m", "a"), new PointRef("m", "b"));
        assertThat(policy.triggeredBy(new PointRef("m", "b"))).isTrue();
        assertThat(policy.triggeredBy(new PointRef("m", "q"))).isFalse();
    }

    @Test
    void aCalculatedPointOverAnotherModelOrItselfOrWithBadSyntaxIsRefused() {
        assertThatThrownBy(() -> JobSpecs.parse(TemplateType.MultiPointMerge, Map.of("policies", List.of(
                Map.of("modelId", "m", "outputPoint", "q", "expression", "${other::a} + 1")))))
                .hasMessageContaining("is not a point of model m");
        assertThatThrownBy(() -> JobSpecs.parse(TemplateType.MultiPointMerge, Map.of("policies", List.of(
                Map.of("modelId", "m", "outputPoint", "q", "expression", "${m::q} + 1")))))
                .hasMessageContaining("its own output");
        assertThatThrownBy(() -> JobSpecs.parse(TemplateType.MultiPointMerge, Map.of("policies", List.of(
                Map.of("modelId", "m", "outputPoint", "q", "expression", "${m::a} +")))))
                .hasMessageStartingWith("policies[0].expression:");
    }

    @Test
    void aCalculatedPointMayReadAttributesAndTheirRefreshPeriodIsBounded() {
        var spec = (JobSpec.PointMerge) JobSpecs.parse(TemplateType.MultiPointMerge, Map.of("policies", List.of(
                Map.of("modelId", "m", "outputPoint", "q", "expression", "${a} * $attr{ratedPower}"))));
        assertThat(spec.policies().getFirst().inputs()).containsExactly(new PointRef("m", "a"));
        assertThat(spec.attributeRefreshMillis()).isEqualTo(30_000);
        assertThatThrownBy(() -> JobSpecs.parse(TemplateType.MultiPointMerge, Map.of("attributeRefreshSeconds", 0,
                "policies", List.of(Map.of("modelId", "m", "outputPoint", "q", "expression", "${a}")))))
                .hasMessageStartingWith("attributeRefreshSeconds:");
        assertThatThrownBy(() -> JobSpecs.parse(TemplateType.MultiPointMerge, Map.of("policies", List.of(
                Map.of("modelId", "m", "outputPoint", "q", "expression", "$attr{ratedPower} * 2")))))
                .hasMessageContaining("reads no measure point");
    }
}
