package org.openenos.alerting.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionTest {

    private static Boolean test(String condition, Map<String, Object> points) {
        return Expression.parse(condition).test(points::get);
    }

    @Test
    void comparesAPointWithAThreshold() {
        assertThat(test("${temp} > 50", Map.of("temp", 80.0))).isTrue();
        assertThat(test("${temp} > 50", Map.of("temp", 50L))).isFalse();
        assertThat(test("${temp} >= 50", Map.of("temp", 50))).isTrue();
    }

    @Test
    void combinesSeveralPointsOfOneAssetWithArithmeticAndLogic() {
        String c = "(${power} / ${rated} > 0.9 and not ${temp} < 40) || ${alarm} == true";
        assertThat(test(c, Map.of("power", 95.0, "rated", 100.0, "temp", 45.0, "alarm", false))).isTrue();
        assertThat(test(c, Map.of("power", 50.0, "rated", 100.0, "temp", 45.0, "alarm", false))).isFalse();
        assertThat(test(c, Map.of("power", 50.0, "rated", 100.0, "temp", 45.0, "alarm", true))).isTrue();
    }

    @Test
    void readsRangesAndEnumStates() {
        assertThat(test("${temp} between 10 and 20", Map.of("temp", 20.0))).isTrue();
        assertThat(test("${temp} between 10 and 20", Map.of("temp", 21.0))).isFalse();
        assertThat(test("${state} in ('fault', 'stop')", Map.of("state", "fault"))).isTrue();
        assertThat(test("${state} not in ('fault', 'stop')", Map.of("state", "run"))).isTrue();
        assertThat(test("${mode} == 2", Map.of("mode", "2"))).isTrue();
        assertThat(test("abs(${delta}) > 5 && max(${a}, ${b}) < 3", Map.of("delta", -6, "a", 1, "b", 2))).isTrue();
    }

    @Test
    void isUnknownUntilEveryPointItNeedsHasBeenSeen() {
        assertThat(test("${a} > 1 and ${b} > 1", Map.of("a", 5.0))).isNull();
        assertThat(test("${a} > 1 or ${b} > 1", Map.of("a", 5.0))).isTrue();
        assertThat(test("${a} > 1 and ${b} > 1", Map.of("a", 0.0))).isFalse();
    }

    @Test
    void listsThePointsAndAttributesItReads() {
        Expression e = Expression.parse("${temp} > $attr{maxTemp} + ${offset}");
        assertThat(e.points()).containsExactlyInAnyOrder("temp", "offset");
        assertThat(e.attributes()).containsExactly("maxTemp");
        Map<String, Object> attrs = Map.of("maxTemp", 40);
        assertThat(e.test(new Bindings() {
            public Object point(String id) {
                return id.equals("temp") ? 50.0 : 1.0;
            }

            public Object attribute(String id) {
                return attrs.get(id);
            }
        })).isTrue();
    }

    @Test
    void refusesMalformedConditionsWithThePosition() {
        assertThatThrownBy(() -> Expression.parse("${temp} > ")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> Expression.parse("${temp > 5")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> Expression.parse("temp > 5")).hasMessageContaining("write points as ${temp}");
        assertThatThrownBy(() -> Expression.parse("${temp} > 5)")).hasMessageContaining("at position 11");
        assertThatThrownBy(() -> Expression.parse("1 > 0")).hasMessageContaining("reads no measure point");
    }

    @Test
    void computesAValueWithIfElseBlocksAndMathFunctionsAsCalculatedPointsDo() {
        var e = Expression.parse("if (${turbine::wind_speed} > 50) { ${turbine::power} + 10 } "
                + "else if (${turbine::wind_speed} > 20) { ${turbine::power} } "
                + "else { sqrt(pow(${turbine::power}, 2)) - 10 }");
        assertThat(e.evaluateNumber(Map.<String, Object>of("turbine::wind_speed", 60.0, "turbine::power", 5.0)::get))
                .isEqualTo(15.0);
        assertThat(e.evaluateNumber(Map.<String, Object>of("turbine::wind_speed", 30.0, "turbine::power", 5.0)::get))
                .isEqualTo(5.0);
        assertThat(e.evaluateNumber(Map.<String, Object>of("turbine::wind_speed", 3.0, "turbine::power", 5.0)::get))
                .isEqualTo(-5.0);
        assertThat(e.evaluateNumber(Map.<String, Object>of("turbine::power", 5.0)::get)).isNull();
        assertThat(Expression.parse("if (${a} > 1) { ${a} }").evaluate(Map.<String, Object>of("a", 0.0)::get))
                .isNull();
        assertThatThrownBy(() -> Expression.parse("if (${a} > 1) ${a}"))
                .hasMessageContaining("expected '{'");
    }
}
