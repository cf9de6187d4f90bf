package org.openenos.edge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.edge.config.MappingConfig;
import org.openenos.edge.field.Sample;

class FormulaTest {
    static Sample g(Object v) {
        return Sample.good(v, 1000);
    }

    @Test
    void arithmeticFormulasCombineTheirInputsInOrder() {
        assertThat(Formula.EQUAL.apply(List.of(g(5L)), Map.of()).value()).isEqualTo(5L);
        assertThat(Formula.SUM.apply(List.of(g(1.5), g(2L), g(true)), Map.of()).asDouble()).isEqualTo(4.5);
        assertThat(Formula.PRODUCT.apply(List.of(g(3.0), g(4L)), Map.of()).asDouble()).isEqualTo(12.0);
        assertThat(Formula.CROSS_PRODUCT.apply(List.of(g(230.0), g(2.0), g(220.0), g(1.0)), Map.of()).asDouble()).isEqualTo(680.0);
        assertThat(Formula.RATIO.apply(List.of(g(5.0)), Map.of("ratio", 40)).asDouble()).isEqualTo(200.0);
        assertThat(Formula.RATIO_AGAINST_SUM.apply(List.of(g(1.0), g(3.0)), Map.of()).asDouble()).isEqualTo(0.25);
        assertThat(Formula.LOGICAL_OR.apply(List.of(g(0L), g(0L), g(2L)), Map.of()).value()).isEqualTo(1L);
    }

    @Test
    void bitFormulasExtractStatusBits() {
        assertThat(Formula.BIT_N.apply(List.of(g(0b1000L)), Map.of("n", 3)).value()).isEqualTo(1L);
        assertThat(Formula.BIT_N.apply(List.of(g(0b1000L)), Map.of("n", 2)).value()).isEqualTo(0L);
        assertThat(Formula.BITS_M_TO_N.apply(List.of(g(0b1101_0110L)), Map.of("m", 4, "n", 7)).value()).isEqualTo(0b1101L);
        assertThat(Formula.MULTIBIT.apply(List.of(g(true), g(false), g(1L)), Map.of()).value()).isEqualTo(0b101L);
    }

    @Test
    void ifEqualMapsACodeToAValue() {
        assertThat(Formula.IF_EQUAL.apply(List.of(g(2L)), Map.of("equals", 2, "then", 100, "else", 0)).value()).isEqualTo(100);
        assertThat(Formula.IF_EQUAL.apply(List.of(g(3L)), Map.of("equals", 2, "then", 100, "else", 0)).value()).isEqualTo(0);
    }

    @Test
    void aBadInputMakesTheOutputBadButMultichannelFailsOverToAGoodChannel() {
        Sample bad = Sample.bad(1000);
        assertThat(Formula.SUM.apply(List.of(g(1.0), bad), Map.of()).quality()).isEqualTo(Sample.BAD);
        assertThat(Formula.SUM.apply(List.of(g(1.0), bad), Map.of()).value()).isNull();
        assertThat(Formula.MULTICHANNEL.apply(List.of(bad, g(7.0), g(8.0)), Map.of()).value()).isEqualTo(7.0);
        assertThat(Formula.MULTICHANNEL.apply(List.of(bad, bad), Map.of()).isGood()).isFalse();
        assertThat(Formula.RATIO_AGAINST_SUM.apply(List.of(g(0.0), g(0.0)), Map.of()).isGood()).isFalse();
        assertThat(Formula.INVALID.apply(List.of(g(1.0)), Map.of()).isGood()).isFalse();
        assertThat(Formula.NO_MAPPING.apply(List.of(g(1.0)), Map.of())).isNull();
    }

    @Test
    void expressionsComputeOverSeveralInputsAndRejectBadSyntax() {
        Expression e = Expression.parse("if(a > 10, (a - b) * 2, -b) + max(a, 1) ^ 2 / 4");
        assertThat(e.variables()).containsExactly("a", "b");
        assertThat(e.evaluate(n -> n.equals("a") ? 12 : 2)).isEqualTo(20 + 36);
        assertThat(e.evaluate(n -> n.equals("a") ? 2 : 3)).isEqualTo(-3 + 1);
        assertThat(Expression.parse("abs(-x) % 4 == 1 && !(x < 0)").evaluate(n -> 5)).isEqualTo(1);
        assertThatThrownBy(() -> Expression.parse("a +")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> Expression.parse("foo(a)")).hasMessageContaining("unknown function foo");
        assertThatThrownBy(() -> Expression.parse("a b")).hasMessageContaining("column 3");
    }

    @Test
    void theTemplateMapperSkipsMappingsWhoseInputsWereNotReadAndMarksDivisionByZeroBad() {
        TemplateMapper mapper = new TemplateMapper(List.of(
                new MappingConfig("p", null, List.of("u", "i"), Formula.PRODUCT, null, null),
                new MappingConfig("r", null, null, null, null, "u / i"),
                new MappingConfig("t", "temp", null, null, null, null)));
        Map<String, Sample> out = mapper.map(Map.of("u", g(230.0), "i", g(0.0)));
        assertThat(out).containsOnlyKeys("p", "r");
        assertThat(out.get("p").asDouble()).isEqualTo(0.0);
        assertThat(out.get("r").isGood()).isFalse();
    }
}
