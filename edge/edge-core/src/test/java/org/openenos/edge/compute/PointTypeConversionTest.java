package org.openenos.edge.compute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PointTypeConversionTest {
    @Test
    void booleansBecomeOneAndZeroForNumericPointsAndStayBooleansForBoolPoints() {
        assertThat(PointTypeConversion.convert(true, "INT")).contains(1L);
        assertThat(PointTypeConversion.convert(false, "ENUM")).contains(0L);
        assertThat(PointTypeConversion.convert(true, "DOUBLE")).contains(1.0);
        assertThat(PointTypeConversion.convert(false, "FLOAT")).contains(0.0);
        assertThat(PointTypeConversion.convert(true, "BOOL")).contains(true);
        assertThat(PointTypeConversion.convert(1L, "BOOL")).contains(1L);
    }

    @Test
    void numbersAndNumericTextFitTheirTypeAndTheRestIsRefused() {
        assertThat(PointTypeConversion.convert(3.0, "INT")).contains(3L);
        assertThat(PointTypeConversion.convert(7L, "DOUBLE")).contains(7.0);
        assertThat(PointTypeConversion.convert(" 12 ", "INT")).contains(12L);
        assertThat(PointTypeConversion.convert("2.5", "DOUBLE")).contains(2.5);
        assertThat(PointTypeConversion.convert(2.5, "INT")).as("a fraction is no INT").isEmpty();
        assertThat(PointTypeConversion.convert("on", "INT")).isEmpty();
        assertThat(PointTypeConversion.convert(Double.NaN, "DOUBLE")).isEmpty();
        assertThat(PointTypeConversion.convert(5L, "BOOL")).isEmpty();
        assertThat(PointTypeConversion.convert("on", "STRING")).as("types it does not convert pass").contains("on");
        assertThat(PointTypeConversion.convert(true, null)).as("type not known yet").contains(true);
    }
}
