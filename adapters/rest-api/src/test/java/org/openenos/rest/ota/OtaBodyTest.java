package org.openenos.rest.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openenos.error.OpenEnosException;

class OtaBodyTest {
    @Test
    void aVersionSentAsADecimalNumberKeepsItsTrailingZero() {
        Map<String, Object> meta = OtaBody.jsonObject("{\"version\": 2.10, \"minVersion\": 2.0}", "metadata");
        assertThat(OtaBody.version(meta.get("version"), "version")).isEqualTo("2.10");
        assertThat(OtaBody.version(meta.get("minVersion"), "minVersion")).isEqualTo("2.0");
        assertThat(OtaBody.version(3, "version")).isEqualTo("3");
        assertThat(OtaBody.version("2.10", "version")).isEqualTo("2.10");
    }

    @Test
    void aVersionWhoseDigitsAreLostIsRefusedWithTheWayToSendIt() {
        assertThatThrownBy(() -> OtaBody.versions(List.of("1.0", 2.1), "upgradeScope.versionNumbers"))
                .isInstanceOf(OpenEnosException.class)
                .hasMessageContaining("upgradeScope.versionNumbers is a version: send it as a string");
    }

    @Test
    void aVersionInAnExpressionMustBeQuoted() {
        assertThat(OtaBody.equalities("productKey = 'pk' and version = '2.10'", Set.of("productKey", "version")))
                .containsEntry("version", "2.10");
        assertThatThrownBy(() -> OtaBody.equalities("version = 2.10", Set.of("version")))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("version = '2.1'");
        assertThat(OtaBody.equalities("deviceKey = 12345", Set.of("deviceKey"))).containsEntry("deviceKey", "12345");
    }
}
