package org.openenos.edge.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openenos.edge.app.cloud.GatewayCredentials;
import org.openenos.edge.app.cloud.CloudTransport;
import org.openenos.edge.app.cloud.SdkCloudLink;
import org.openenos.edge.app.provisioning.IdentityStore;
import org.openenos.edge.app.provisioning.Provisioner;
import org.openenos.edge.app.status.StatusServer;
import org.openenos.edge.app.upgrade.SelfUpgrade;
import org.openenos.edge.cloud.CloudLink;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.field.FieldConnectorFactory;
import org.openenos.edge.iec104.Iec104ConnectorFactory;
import org.openenos.edge.modbus.ModbusConnectorFactory;
import org.openenos.edge.mqtt.MqttConnectorFactory;
import org.openenos.edge.opcua.OpcUaConnectorFactory;
import org.openenos.edge.runtime.EdgeRuntime;

/**
 * One running edge: runtime, MQTT cloud link (provisioned with its own certificate when configured) and status
 * endpoint, closed in reverse order.
 */
public final class EdgeApplication implements AutoCloseable {
    private final EdgeRuntime runtime;
    private final StatusServer status;
    private final Provisioner provisioner;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("edge-certificate-renewal").daemon().factory());

    public EdgeApplication(EdgeConfig config, CloudLink link) throws IOException {
        this(config, link, null);
    }

    private EdgeApplication(EdgeConfig config, CloudLink link, Provisioner provisioner) throws IOException {
        this.provisioner = provisioner;
        if (provisioner != null) {
            long every = config.cloud().provisioning().checkIntervalMillis();
            renewals.scheduleWithFixedDelay(provisioner::renewIfDue, every, every, TimeUnit.MILLISECONDS);
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<FieldConnectorFactory> factories = List.of(new ModbusConnectorFactory(), new OpcUaConnectorFactory(),
                new Iec104ConnectorFactory(), new MqttConnectorFactory());
        runtime = new EdgeRuntime(config, factories, link, metrics);
        runtime.start();
        status = config.status().port() < 0 ? null
                : new StatusServer(config.status().bindAddress(), config.status().port(), runtime::status, metrics);
    }

    public static EdgeApplication start(EdgeConfig config) throws IOException {
        Path state = Path.of(config.buffer().directory()).toAbsolutePath().getParent();
        GatewayCredentials credentials = new GatewayCredentials(config.gateway().deviceSecret(),
                state.resolve("device-secret"));
        if (config.cloud().provisioning() == null) {
            return new EdgeApplication(config, selfUpgrading(config, new SdkCloudLink(config.cloud(),
                    config.gateway(), credentials, CloudTransport.configured(config.cloud()))), null);
        }
        Provisioner provisioner = new Provisioner(config.cloud(), config.gateway(), credentials,
                new IdentityStore(state.resolve("identity.p12")), Clock.systemUTC());
        return new EdgeApplication(config, selfUpgrading(config, new SdkCloudLink(config.cloud(), config.gateway(),
                credentials, provisioner)), provisioner);
    }

    /** Under the launcher (docs/edge.md, "Upgrading the edge itself") the gateway takes OTA upgrades for itself. */
    private static SdkCloudLink selfUpgrading(EdgeConfig config, SdkCloudLink link) {
        SelfUpgrade.fromSystemProperties(config.cloud().provisioning() != null
                ? config.cloud().provisioning().url() : "http://" + config.cloud().host() + ":8080").ifPresent(upgrade ->
                link.addClientHook(new SdkCloudLink.ClientHook() {
                    @Override
                    public void created(org.openenos.sdk.DeviceClient client) {
                        upgrade.clientCreated(client);
                    }

                    @Override
                    public void connected(org.openenos.sdk.DeviceClient client) {
                        upgrade.connected(client);
                    }
                }));
        return link;
    }

    /** The provisioning of this edge, when {@code cloud.provisioning} is configured. */
    public Optional<Provisioner> provisioner() {
        return Optional.ofNullable(provisioner);
    }

    public EdgeRuntime runtime() {
        return runtime;
    }

    public int statusPort() {
        return status == null ? -1 : status.port();
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        if (status != null) {
            status.close();
        }
        runtime.close();
    }
}
