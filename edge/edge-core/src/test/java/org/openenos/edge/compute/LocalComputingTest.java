package org.openenos.edge.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.edge.config.CalculatedPointConfig;
import org.openenos.edge.config.CalculatedPointConfig.Aggregate;
import org.openenos.edge.config.RuleConfig;
import org.openenos.edge.config.UploadConfig;
import org.openenos.edge.config.UploadConfig.UploadMode;
import org.openenos.edge.field.Sample;

class LocalComputingTest {
    static Map<String, Sample> at(long time, String id, Object value) {
        Map<String, Sample> points = new LinkedHashMap<>();
        points.put(id, value == null ? Sample.bad(time) : Sample.good(value, time));
        return points;
    }

    @Test
    void changeModeSendsAnAnalogValueOnlyWhenItLeavesTheDeadbandAndAStatusOnEveryChange() {
        UploadFilter filter = new UploadFilter(new UploadConfig(UploadMode.CHANGE, null, 0.5, null));
        assertThat(filter.filter(at(0, "v", 230.0), 0)).containsKey("v");
        assertThat(filter.filter(at(1, "v", 230.4), 1)).isEmpty();
        assertThat(filter.filter(at(2, "v", 229.6), 2)).as("compared with the last sent value").isEmpty();
        assertThat(filter.filter(at(3, "v", 230.6), 3)).containsKey("v");
        assertThat(filter.filter(at(4, "v", null), 4)).as("quality change").containsKey("v");
        assertThat(filter.filter(at(5, "v", null), 5)).isEmpty();
        assertThat(filter.filter(at(6, "on", true), 6)).containsKey("on");
        assertThat(filter.filter(at(7, "on", true), 7)).isEmpty();
        assertThat(filter.filter(at(8, "on", false), 8)).containsKey("on");
    }

    @Test
    void timerModeSendsAtMostOncePerInterval() {
        UploadFilter filter = new UploadFilter(new UploadConfig(UploadMode.TIMER, 1000, null, null));
        assertThat(filter.filter(at(0, "v", 1.0), 0)).isNotEmpty();
        assertThat(filter.filter(at(500, "v", 2.0), 500)).isEmpty();
        assertThat(filter.filter(at(1000, "v", 3.0), 1000)).isNotEmpty();
    }

    @Test
    void windowedAggregatesCoverTheLastWindowAndEnergyIntegratesPower() {
        CalculatedPoints calc = new CalculatedPoints(List.of(
                new CalculatedPointConfig("avg", null, Aggregate.AVG, "p", 60, null),
                new CalculatedPointConfig("max", null, Aggregate.MAX, "p", 60, null),
                new CalculatedPointConfig("kwh", null, Aggregate.INTEGRAL, "p", null, 3600),
                new CalculatedPointConfig("double", "avg * 2", null, null, null, null)));
        Map<String, Sample> last = null;
        // 10 kW for an hour, one sample a minute, then 70 kW: the window of 60 s keeps only the newest.
        for (int minute = 0; minute <= 60; minute++) {
            last = at(minute * 60_000L, "p", 10.0);
            calc.apply(last);
        }
        assertThat(last.get("kwh").asDouble()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(last.get("avg").asDouble()).isEqualTo(10.0);
        Map<String, Sample> next = at(61 * 60_000L - 30_000, "p", 70.0);
        calc.apply(next);
        assertThat(next.get("avg").asDouble()).as("10 at 60 min and 70 at 60.5 min").isEqualTo(40.0);
        assertThat(next.get("max").asDouble()).isEqualTo(70.0);
        assertThat(next.get("double").asDouble()).isEqualTo(80.0);
        Map<String, Sample> gap = at(62 * 60_000L, "p", null);
        calc.apply(gap);
        assertThat(gap.get("kwh").asDouble()).as("a bad sample adds no energy").isEqualTo(next.get("kwh").asDouble());
    }

    @Test
    void aThresholdRuleFiresOncePerCrossingAndReArms() {
        ThresholdRules rules = new ThresholdRules(List.of(new RuleConfig("hv", "v", 250.0, 200.0, "voltage_alarm")));
        assertThat(rules.evaluate(at(0, "v", 230.0))).isEmpty();
        assertThat(rules.evaluate(at(1, "v", 260.0))).singleElement()
                .satisfies(e -> assertThat(e.eventId()).isEqualTo("voltage_alarm"));
        assertThat(rules.evaluate(at(2, "v", 270.0))).isEmpty();
        assertThat(rules.evaluate(at(3, "v", 230.0))).isEmpty();
        assertThat(rules.evaluate(at(4, "v", 190.0))).singleElement()
                .satisfies(e -> assertThat(e.outputs()).containsEntry("threshold", 200.0));
    }
}
