package org.openenos.edge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;

/** The shipped example is what the README points users to: it must load as it is. */
class ExampleConfigurationTest {
    @Test
    void theExampleConfigurationLoadsWithASecuredOpcUaConnectionAndAMethodControl() {
        EdgeConfig config = new EdgeConfigLoader().load(Path.of("edge.example.yaml"));
        assertThat(config.connection("scada").messageSecurityMode()).isEqualTo("SignAndEncrypt");
        assertThat(config.devices().getLast().template().controls().getFirst().isMethodCall()).isTrue();
        assertThat(config.cloud().provisioning()).as("provisioning is commented out in the example").isNull();
    }
}
