package org.openenos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetSpecsTest {
    @Test
    void theDemoFleetDescribesAWindFarmASolarPlantBehindAGatewayAndABattery() {
        FleetSpec demo = FleetSpecs.demo();
        assertThat(demo.sites()).extracting(FleetSpec.SiteSpec::kind).containsExactly(FleetSpec.SiteKind.windFarm,
                FleetSpec.SiteKind.solarPlant, FleetSpec.SiteKind.battery);
        assertThat(demo.sites().get(1).gatewayProduct()).isEqualTo("logger");
        assertThat(demo.models()).extracting(m -> m.get("modelId")).contains("demoWindTurbine", "demoPvInverter",
                "demoBattery");
        assertThat(demo.intervalSeconds()).isEqualTo(2);
    }

    @Test
    void everyNameInTheDemoModelsIsAnI18nObjectWithOnlyADefaultValue() {
        for (var model : FleetSpecs.demo().models()) {
            for (Object group : java.util.List.of(model.get("measurepoints"), model.get("events"), model.get("services"))) {
                ((java.util.Map<?, ?>) group).values().forEach(element -> assertThat(
                        java.util.List.copyOf(((java.util.Map<?, ?>) ((java.util.Map<?, ?>) element).get("name")).keySet()))
                        .as("name of %s in %s", element, model.get("modelId")).isEqualTo(java.util.List.of("defaultValue")));
            }
        }
    }

    @Test
    void aJsonFleetFileIsReadToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fleet.json");
        Files.writeString(file, """
                {"name":"tiny","intervalSeconds":1,"sites":[{"kind":"battery","name":"B","product":"b"}]}""");
        FleetSpec spec = FleetSpecs.file(file);
        assertThat(spec.sites()).singleElement().extracting(FleetSpec.SiteSpec::name).isEqualTo("B");
        assertThat(spec.timeScale()).isEqualTo(1.0);
    }

    @Test
    void aMistakeInTheFileIsReportedWithItsLocation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: x\nsites:\n  - kind: volcano\n");
        assertThatThrownBy(() -> FleetSpecs.file(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining("line");
    }

    @Test
    void siteNamesBecomeValidDeviceKeyPrefixes() {
        assertThat(FleetProvisioner.slug("North Ridge Wind Farm!")).isEqualTo("north-ridge-wind-farm");
    }
}
