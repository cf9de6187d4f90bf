package org.openenos.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModulesTest {
    @Test
    void aModuleIsNamedByItsArtifactIdWhetherLoadedFromItsClassesDirectoryOrItsJar() {
        assertThat(Modules.fromLocation("file:/src/openenos/core/target/classes/org/openenos/A.class"))
                .contains("core");
        assertThat(Modules.fromLocation("file:/src/openenos/adapters/rest-api/target/classes/org/openenos/A.class"))
                .contains("adapter-rest-api");
        assertThat(Modules.fromLocation("file:/src/openenos/edge/edge-app/target/classes/org/openenos/A.class"))
                .contains("edge-app");
        assertThat(Modules.fromLocation(
                "jar:file:/src/openenos/adapters/mqtt/target/openenos-adapter-mqtt-0.1.0-SNAPSHOT.jar!/org/A.class"))
                .contains("adapter-mqtt");
        assertThat(Modules.fromLocation(
                "jar:file:/root/.m2/repository/org/openenos/openenos-device-sdk/0.1.0/openenos-device-sdk-0.1.0.jar!/A"))
                .contains("device-sdk");
    }

    @Test
    void aLibraryBelongsToNoModule() {
        assertThat(Modules.fromLocation("jar:file:/root/.m2/repository/io/netty/netty-codec-4.2.jar!/io/A.class"))
                .isEmpty();
    }
}
