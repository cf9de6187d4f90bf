package org.openenos.connectivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.testkit.Fixtures;

class MeasurepointValidatorTest {
    private final MeasurepointValidator validator = new MeasurepointValidator();
    private final DeviceRef device = new DeviceRef(Fixtures.ORG, "asset-dev1", Fixtures.PRODUCT, "dev1");

    private List<MeasurePointValue> validate(Object params, boolean skip) {
        return validator.validate(Fixtures.inverterModel(), device, params, skip, 5_000L);
    }

    @Test
    void integersAreWidenedToDoublesAndServerTimeIsUsedWhenTimeIsAbsent() {
        MeasurePointValue value = validate(Map.of("measurepoints", Map.of("power", 12)), false).getFirst();
        assertThat(value.value()).isEqualTo(12.0);
        assertThat(value.time()).isEqualTo(5_000L);
        assertThat(value.assetId()).isEqualTo("asset-dev1");
        assertThat(value.modelId()).isEqualTo(Fixtures.MODEL);
    }

    @Test
    void numericStringsAreRefusedWithModelValidationError() {
        assertThatThrownBy(() -> validate(Map.of("measurepoints", Map.of("power", "12")), false))
                .isInstanceOfSatisfying(OpenEnosException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_MODEL_VALIDATION_FAILED));
    }

    @Test
    void fractionalValueForAnIntPointIsRefused() {
        assertThatThrownBy(() -> validate(Map.of("measurepoints", Map.of("count", 1.5)), false))
                .isInstanceOf(OpenEnosException.class);
        assertThat(validate(Map.of("measurepoints", Map.of("count", 3)), false).getFirst().value()).isEqualTo(3L);
    }

    @Test
    void qualityPointsCarryValueAndQuality() {
        MeasurePointValue value = validate(Map.of("measurepoints", Map.of("temp", Map.of("value", 20.5, "quality", 2)),
                "time", 1000L), false).getFirst();
        assertThat(value.value()).isEqualTo(20.5);
        assertThat(value.quality()).isEqualTo(2);
        assertThat(value.time()).isEqualTo(1000L);
        assertThatThrownBy(() -> validate(Map.of("measurepoints", Map.of("temp", Map.of("value", 1, "quality", 12))),
                false)).isInstanceOf(OpenEnosException.class);
    }

    @Test
    void aFailedReadIsKeptAsQualityWithoutValueButAGoodQualityNeedsAValue() {
        var failed = new java.util.HashMap<String, Object>();
        failed.put("value", null);
        failed.put("quality", 9);
        MeasurePointValue value = validate(Map.of("measurepoints", Map.of("temp", failed), "time", 1000L), false)
                .getFirst();
        assertThat(value.value()).isNull();
        assertThat(value.quality()).isEqualTo(9);
        failed.put("quality", 0);
        assertThatThrownBy(() -> validate(Map.of("measurepoints", Map.of("temp", failed)), false))
                .isInstanceOf(OpenEnosException.class);
        assertThatThrownBy(() -> validate(Map.of("measurepoints", Map.of("power", java.util.Collections
                .singletonMap("value", null))), false)).as("a point without quality needs a value")
                .isInstanceOf(OpenEnosException.class);
    }

    @Test
    void enumValuesMustBeDeclared() {
        assertThat(validate(Map.of("measurepoints", Map.of("state", 1)), false).getFirst().value()).isEqualTo("1");
        assertThatThrownBy(() -> validate(Map.of("measurepoints", Map.of("state", 7)), false))
                .isInstanceOf(OpenEnosException.class);
    }

    @Test
    void structAndArrayShapesAreChecked() {
        assertThat(validate(Map.of("measurepoints", Map.of("pos", Map.of("lat", 1, "lon", 2.5))), false)
                .getFirst().value()).isEqualTo(Map.of("lat", 1.0, "lon", 2.5));
        assertThatThrownBy(() -> validate(Map.of("measurepoints", Map.of("pos", Map.of("lon", 2.5))), false))
                .as("required field missing").isInstanceOf(OpenEnosException.class);
        assertThatThrownBy(() -> validate(Map.of("measurepoints", Map.of("pos", Map.of("lat", 1, "alt", 3))), false))
                .as("undeclared field").isInstanceOf(OpenEnosException.class);
        assertThat(validate(Map.of("measurepoints", Map.of("curve", List.of(1, 2, 3))), false).getFirst().value())
                .isEqualTo(List.of(1L, 2L, 3L));
        assertThatThrownBy(() -> validate(Map.of("measurepoints", Map.of("curve", List.of(1, "x"))), false))
                .isInstanceOf(OpenEnosException.class);
    }

    @Test
    void unknownPointFailsUnlessInvalidPointsAreSkipped() {
        Map<String, Object> params = Map.of("measurepoints", Map.of("nope", 1, "power", 2.0));
        assertThatThrownBy(() -> validate(params, false)).isInstanceOfSatisfying(OpenEnosException.class,
                e -> assertThat(e.code().enosCode()).isEqualTo(1204));
        assertThat(validate(params, true)).extracting(MeasurePointValue::pointId).containsExactly("power");
    }

    @Test
    void missingMeasurepointsObjectIsAFormatError() {
        assertThatThrownBy(() -> validate(Map.of("points", Map.of()), false)).isInstanceOfSatisfying(
                OpenEnosException.class, e -> assertThat(e.code().enosCode()).isEqualTo(1206));
        assertThatThrownBy(() -> validate(List.of(), false)).isInstanceOf(OpenEnosException.class);
    }
}
