package org.openenos.edge.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.openenos.edge.app.cloud.GatewayCredentials;
import org.openenos.edge.app.cloud.MqttCloudLink;
import org.openenos.edge.app.status.StatusServer;
import org.openenos.edge.cloud.CloudLink;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.field.FieldConnectorFactory;
import org.openenos.edge.modbus.ModbusConnectorFactory;
import org.openenos.edge.opcua.OpcUaConnectorFactory;
import org.openenos.edge.runtime.EdgeRuntime;

/** One running edge: runtime, MQTT cloud link and status endpoint, closed in reverse order. */
public final class EdgeApplication implements AutoCloseable {
    private final EdgeRuntime runtime;
    private final StatusServer status;

    public EdgeApplication(EdgeConfig config, CloudLink link) throws IOException {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<FieldConnectorFactory> factories = List.of(new ModbusConnectorFactory(), new OpcUaConnectorFactory());
        runtime = new EdgeRuntime(config, factories, link, metrics);
        runtime.start();
        status = config.status().port() < 0 ? null
                : new StatusServer(config.status().bindAddress(), config.status().port(), runtime::status, metrics);
    }

    public static EdgeApplication start(EdgeConfig config) throws IOException {
        Path secretFile = Path.of(config.buffer().directory()).toAbsolutePath().getParent().resolve("device-secret");
        GatewayCredentials credentials = new GatewayCredentials(config.gateway().deviceSecret(), secretFile);
        return new EdgeApplication(config, new MqttCloudLink(config.cloud(), config.gateway(), credentials));
    }

    public EdgeRuntime runtime() {
        return runtime;
    }

    public int statusPort() {
        return status == null ? -1 : status.port();
    }

    @Override
    public void close() {
        if (status != null) {
            status.close();
        }
        runtime.close();
    }
}
