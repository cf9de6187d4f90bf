package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.openenos.connectivity.Connectivity;
import org.openenos.connectivity.ConnectivityOptions;
import org.openenos.connectivity.integration.IntegrationService;
import org.openenos.connectivity.command.CommandService;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.connectivity.mqtt.MqttTls;
import org.openenos.model.Device;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.registry.RegistryDeviceDirectory;
import org.openenos.telemetry.LiveTailFeed;
import org.openenos.telemetry.TelemetryBusProvider;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.telemetry.TelemetrySubscriptions;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.TimeSeriesConfig;
import org.openenos.timeseries.TimeSeriesModule;
import org.openenos.timeseries.TimeSeriesStore;
import org.openenos.timeseries.TsdbQueryService;
import org.openenos.timeseries.policy.StoragePolicies;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the data path: MQTT gateway → connectivity use cases → durable telemetry log → time-series store. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({BusProperties.class, TimeSeriesStoreProperties.class})
public class TelemetryConfiguration {
    /** How long the live reader of the whole bus stays open after the last live stream closed (a page reload). */
    static final Duration LIVE_TAIL_IDLE = Duration.ofSeconds(60);

    @Bean(destroyMethod = "close")
    TimeSeriesModule timeSeries(OpenEnosProperties props, RegistryDeviceDirectory directory,
                                StoragePolicies storagePolicies, TimeSeriesStoreProvider storeProvider,
                                TelemetryBusProvider busProvider) {
        AssetTimezones timezones = (orgId, assetId) -> AssetTimezones.parse(directory.deviceByAsset(assetId)
                .filter(d -> d.orgId().equals(orgId)).map(Device::timezone).orElse(null));
        PointSignalTypes signals = (orgId, assetId, pointId) -> directory.deviceByAsset(assetId)
                .filter(d -> d.orgId().equals(orgId))
                .flatMap(d -> directory.product(d.productKey()))
                .flatMap(p -> directory.model(orgId, p.modelId()))
                .flatMap(m -> Optional.ofNullable(m.measurepoints().get(pointId)))
                .map(ThingMeasurepoint::signalType);
        var dir = props.dataDir().resolve("timeseries");
        TimeSeriesStore store = storeProvider.open(dir);
        try {
            return TimeSeriesModule.start(dir.resolve("pipeline"), TimeSeriesConfig.DEFAULTS.withPolicy(storagePolicies),
                    store, timezones, signals, busProvider);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The devices' ingest: acknowledgements wait while the store lags past the back-pressure bounds (ADR 0133). */
    @Bean
    TelemetryIngest telemetryIngest(TimeSeriesModule module, OpenEnosProperties props) {
        return module.deviceIngest(props.telemetry().backPressure().limits());
    }

    @Bean
    TsdbQueryService tsdbQueryService(TimeSeriesModule module) {
        return module.queries();
    }

    /**
     * Values as they are stored, for alerts and the portal's live streams. On a bus shared by several nodes a node
     * stores only the partitions its group gives it, so live values come from a reader of the whole bus instead,
     * open while someone watches (ADR 0123); alerts there read the bus as a group of their own (ADR 0122).
     */
    @Bean
    TelemetrySubscriptions telemetrySubscriptions(TimeSeriesModule module, BusProperties bus, MeterRegistry meters) {
        if (bus.type() == BusProperties.Type.KAFKA) {
            return new LiveTailFeed(module.bus(), LIVE_TAIL_IDLE, meters);
        }
        return module.subscriptions();
    }

    @Bean(destroyMethod = "close")
    Connectivity connectivity(RegistryDeviceDirectory directory, TelemetryIngest ingest, ConnectivityOptions options,
                              Clock clock) {
        return new Connectivity(directory, ingest, options, clock);
    }

    @Bean
    CommandService commandService(Connectivity connectivity) {
        return connectivity.commands();
    }

    @Bean
    IntegrationService integrationService(Connectivity connectivity) {
        return connectivity.integration();
    }

    @Bean(destroyMethod = "close")
    MqttGateway mqttGateway(OpenEnosProperties props, Connectivity connectivity, MeterRegistry meters, MqttTls tls,
                            org.springframework.beans.factory.ObjectProvider<ClusterConfiguration.ClusterMembership>
                                    cluster) {
        cluster.ifAvailable(membership -> { }); // a cluster node joins before devices can connect
        MqttGateway gateway = new MqttGateway(MqttGatewaySettings.of(props.mqtt()), connectivity, meters);
        if (props.pki().tlsEnabled()) {
            gateway.withTls(tls);
        }
        return props.mqtt().enabled() ? gateway.start() : gateway;
    }
}
