package org.openenos.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/** Config of the daily-energy and tree roll-up templates: typed specs, and errors that name the field. */
class TemplateSpecsTest {

    private static Map<String, Object> energy() {
        var p = new HashMap<String, Object>();
        p.put("modelId", "meter");
        p.put("inputPoint", "kwh");
        p.put("method", "meterReading");
        p.put("outputPoint", "kwh_day");
        return p;
    }

    private static Map<String, Object> rollup() {
        var p = new HashMap<String, Object>();
        p.put("treeId", "T");
        p.put("modelId", "inv");
        p.put("inputPoint", "power");
        p.put("aggregation", "sum");
        p.put("outputModelId", "site");
        p.put("outputPoint", "power_total");
        return p;
    }

    private static JobSpec parse(TemplateType type, Map<String, Object> policy) {
        return JobSpecs.parse(type, Map.of("policies", List.of(policy)));
    }

    private static void refused(TemplateType type, Map<String, Object> base, Consumer<Map<String, Object>> change,
                                ErrorCode code, String message) {
        var p = new HashMap<>(base);
        change.accept(p);
        assertThatThrownBy(() -> parse(type, p)).isInstanceOf(OpenEnosException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((OpenEnosException) e).code()).isEqualTo(code));
    }

    @Test
    void anEnergyPolicyBecomesATypedSpecWithItsZoneSlopeFilterAndInterval() {
        var p = energy();
        p.put("timeZone", "Europe/Berlin");
        p.put("maxRatePerHour", 250);
        p.put("intervalMinutes", 15);
        p.put("intervalPoint", "kwh_today");
        var spec = (JobSpec.DailyEnergy) JobSpecs.parse(TemplateType.ElectricEnergy,
                Map.of("latencySeconds", 7200, "policies", List.of(p)));
        EnergyPolicy policy = spec.policies().getFirst();
        assertThat(spec.latencyMillis()).isEqualTo(7_200_000);
        assertThat(policy.method()).isEqualTo(EnergyMethod.METER_READING);
        assertThat(policy.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(policy.maxRatePerHour()).isEqualTo(250);
        assertThat(policy.intervalMillis()).isEqualTo(900_000);
        assertThat(spec.inputs()).containsExactly(new PointRef("meter", "kwh"));
        assertThat(spec.outputs())
                .containsExactly(new PointRef("meter", "kwh_day"), new PointRef("meter", "kwh_today"));
        var plain = (JobSpec.DailyEnergy) parse(TemplateType.ElectricEnergy, energy());
        assertThat(plain.policies().getFirst().timeZone()).as("the asset's own zone").isNull();
        assertThat(plain.policies().getFirst().maxRatePerHour()).isInfinite();
    }

    @Test
    void energyConfigErrorsNameThePolicyAndTheField() {
        var t = TemplateType.ElectricEnergy;
        refused(t, energy(), p -> p.put("method", "guess"), ErrorCode.STREAM_INVALID_CONFIG, "policies[0].method:");
        refused(t, energy(), p -> p.remove("method"), ErrorCode.STREAM_MISSING_PARAMETER, "policies[0].method:");
        refused(t, energy(), p -> p.put("timeZone", "Mars/Olympus"), ErrorCode.STREAM_INVALID_CONFIG,
                "policies[0].timeZone:");
        refused(t, energy(), p -> p.put("maxRatePerHour", -1), ErrorCode.STREAM_INVALID_CONFIG,
                "policies[0].maxRatePerHour:");
        refused(t, energy(), p -> {
            p.put("method", "powerIntegral");
            p.put("maxRatePerHour", 5);
        }, ErrorCode.STREAM_INVALID_CONFIG, "policies[0].maxRatePerHour: applies to method meterReading only");
        refused(t, energy(), p -> p.put("intervalMinutes", 15), ErrorCode.STREAM_MISSING_PARAMETER,
                "policies[0].intervalPoint:");
        refused(t, energy(), p -> p.put("intervalPoint", "x"), ErrorCode.STREAM_INVALID_CONFIG,
                "policies[0].intervalPoint: needs intervalMinutes");
        refused(t, energy(), p -> p.put("intervalMinutes", 0.5), ErrorCode.STREAM_INVALID_CONFIG,
                "policies[0].intervalMinutes:");
        refused(t, energy(), p -> p.put("outputPoint", "kwh"), ErrorCode.STREAM_INVALID_CONFIG,
                "policies[0].outputPoint:");
        assertThatThrownBy(() -> JobSpecs.parse(t, Map.of("latencySeconds", 8 * 86_400, "policies",
                List.of(energy())))).hasMessageStartingWith("latencySeconds:");
    }

    @Test
    void aRollupPolicyBecomesATypedSpecWithItsScopeAndStaleness() {
        var p = rollup();
        p.put("scope", "subtree");
        p.put("aggregation", "availability");
        p.put("staleAfterSeconds", 120);
        var spec = (JobSpec.TreeRollup) JobSpecs.parse(TemplateType.TreeRollup,
                Map.of("treeRefreshSeconds", 5, "policies", List.of(p)));
        RollupPolicy policy = spec.policies().getFirst();
        assertThat(spec.treeRefreshMillis()).isEqualTo(5_000);
        assertThat(policy.subtree()).isTrue();
        assertThat(policy.aggregation()).isEqualTo(RollupAggregation.AVAILABILITY);
        assertThat(policy.staleAfterMillis()).isEqualTo(120_000);
        assertThat(spec.inputs()).containsExactly(new PointRef("inv", "power"));
        assertThat(spec.outputs()).containsExactly(new PointRef("site", "power_total"));
        var plain = (JobSpec.TreeRollup) parse(TemplateType.TreeRollup, rollup());
        assertThat(plain.policies().getFirst().subtree()).as("children by default").isFalse();
        assertThat(plain.treeRefreshMillis()).isEqualTo(30_000);
        assertThat(plain.policies().getFirst().staleAfterMillis()).isEqualTo(300_000);
    }

    @Test
    void rollupConfigErrorsNameThePolicyAndTheField() {
        var t = TemplateType.TreeRollup;
        refused(t, rollup(), p -> p.remove("treeId"), ErrorCode.STREAM_MISSING_PARAMETER, "policies[0].treeId:");
        refused(t, rollup(), p -> p.put("aggregation", "median"), ErrorCode.STREAM_INVALID_CONFIG,
                "policies[0].aggregation:");
        refused(t, rollup(), p -> p.put("scope", "siblings"), ErrorCode.STREAM_INVALID_CONFIG,
                "policies[0].scope:");
        refused(t, rollup(), p -> p.put("staleAfterSeconds", -5), ErrorCode.STREAM_INVALID_CONFIG,
                "policies[0].staleAfterSeconds:");
        refused(t, rollup(), p -> p.remove("outputModelId"), ErrorCode.STREAM_MISSING_PARAMETER,
                "policies[0].outputModelId:");
        refused(t, rollup(), p -> {
            p.put("outputModelId", "inv");
            p.put("outputPoint", "power");
        }, ErrorCode.STREAM_INVALID_CONFIG, "policies: inv::power is both an input and an output");
        assertThatThrownBy(() -> JobSpecs.parse(t, Map.of("treeRefreshSeconds", 0, "policies", List.of(rollup()))))
                .hasMessageStartingWith("treeRefreshSeconds:");
    }
}
