package org.openenos.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openenos.error.OpenEnosException;

class FilterExpressionTest {

    @Test
    void comparisonsJoinWithAndOrAndParentheses() {
        var e = FilterExpression.parse("productKey = 'pk1' and (status in ('online', 'offline') or tags.site like 'no%')");
        assertThat(e).isEqualTo(new FilterExpression.And(List.of(
                new FilterExpression.Compare("productKey", FilterExpression.Operator.EQ, "pk1"),
                new FilterExpression.Or(List.of(
                        new FilterExpression.In("status", List.of("online", "offline")),
                        new FilterExpression.Like("tags.site", "no%"))))));
    }

    @Test
    void notExistsNumbersAndEscapedQuotesAreUnderstood() {
        var e = FilterExpression.parse("not exists(tags.x) AND attributes.ratedPower >= 5.5 and name != 'it''s'");
        assertThat(e).isEqualTo(new FilterExpression.And(List.of(
                new FilterExpression.Not(new FilterExpression.Exists("tags.x")),
                new FilterExpression.Compare("attributes.ratedPower", FilterExpression.Operator.GE, 5.5),
                new FilterExpression.Compare("name", FilterExpression.Operator.NE, "it's"))));
    }

    @Test
    void malformedExpressionsNameThePositionAndWhatWasExpected() {
        assertThatThrownBy(() -> FilterExpression.parse("status = ")).isInstanceOf(OpenEnosException.class)
                .hasMessageContaining("expression: expected a value");
        assertThatThrownBy(() -> FilterExpression.parse("status ~ 'x'")).hasMessageContaining("expected an operator");
        assertThatThrownBy(() -> FilterExpression.parse("(status = 'x'")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> FilterExpression.parse("status = 'x")).hasMessageContaining("unterminated");
    }
}
