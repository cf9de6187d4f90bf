package org.openenos.timeseries.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

class LatestFilterTest {

    @Test
    void numbersCompareAsNumbersWithEveryOperator() {
        assertThat(LatestFilter.parse("gt", "10").test("p", 10.5)).isTrue();
        assertThat(LatestFilter.parse("GE", "10").test("p", 10L)).isTrue();
        assertThat(LatestFilter.parse("lt", "9.5").test("p", 10L)).isFalse();
        assertThat(LatestFilter.parse("le", "10").test("p", 10.0)).isTrue();
        assertThat(LatestFilter.parse("eq", "2").test("p", 2L)).isTrue();
        assertThat(LatestFilter.parse("nq", "2").test("p", 2.0)).isFalse();
        assertThat(LatestFilter.parse("between", "1, 5").test("p", 5.0)).isTrue();
        assertThat(LatestFilter.parse("between", "1,5").test("p", 5.1)).isFalse();
        assertThat(LatestFilter.parse("in", "1,3,7").test("p", 3L)).isTrue();
    }

    @Test
    void textAndBooleansMatchByValue() {
        assertThat(LatestFilter.parse("in", "running,idle").test("p", "idle")).isTrue();
        assertThat(LatestFilter.parse("eq", "true").test("p", true)).isTrue();
        assertThat(LatestFilter.parse("eq", "0").test("p", false)).isTrue();
        assertThat(LatestFilter.parse("nq", "1").test("p", true)).isFalse();
    }

    @Test
    void malformedFiltersAreBadArguments() {
        assertBad(() -> LatestFilter.parse("like", "1"), "unknown operator");
        assertBad(() -> LatestFilter.parse("between", "1"), "takes 2 values");
        assertBad(() -> LatestFilter.parse("eq", ""), "valueFilter is required");
        assertBad(() -> LatestFilter.parse("gt", "abc").test("p", 1.0), "must hold numbers");
    }

    private static void assertBad(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(OpenEnosException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((OpenEnosException) e).code()).isEqualTo(ErrorCode.TSDB_BAD_ARGUMENT));
    }
}
