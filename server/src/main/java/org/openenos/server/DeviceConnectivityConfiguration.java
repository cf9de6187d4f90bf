package org.openenos.server;

import java.io.IOException;
import java.time.Clock;
import org.openenos.connectivity.CertificateBinding;
import org.openenos.connectivity.ConnectionEventStore;
import org.openenos.connectivity.Connectivity;
import org.openenos.connectivity.http.HttpDeviceAccess;
import org.openenos.connectivity.ConnectivityOptions;
import org.openenos.connectivity.DeviceEventSink;
import org.openenos.connectivity.DeviceEventStore;
import org.openenos.connectivity.DeviceLogStore;
import org.openenos.connectivity.command.CommandStore;
import org.openenos.connectivity.files.DeviceFileService;
import org.openenos.connectivity.files.FileBlobs;
import org.openenos.connectivity.postgres.PostgresDeviceFileStore;
import org.openenos.connectivity.postgres.PostgresCommandStore;
import org.openenos.connectivity.postgres.PostgresConnectionEventStore;
import org.openenos.connectivity.postgres.PostgresDeviceLogStore;
import org.openenos.connectivity.postgres.PostgresDeviceEventStore;
import org.openenos.registry.RegistryDeviceDirectory;
import org.openenos.trust.CertificateAuthority;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires the stores of device connectivity (commands, device events and the connection log in PostgreSQL) and HTTP
 * device access.
 */
@Configuration(proxyBeanMethods = false)
public class DeviceConnectivityConfiguration {

    @Bean
    CommandStore commandStore(JdbcClient jdbc) {
        return new PostgresCommandStore(jdbc);
    }

    @Bean
    ConnectionEventStore connectionEventStore(JdbcClient jdbc) {
        return new PostgresConnectionEventStore(jdbc);
    }

    @Bean
    DeviceLogStore deviceLogStore(JdbcClient jdbc, OpenEnosProperties props) {
        return new PostgresDeviceLogStore(jdbc, props.deviceLogs().maxPerDevice());
    }

    @Bean
    DeviceEventStore deviceEventStore(JdbcClient jdbc, RegistryDeviceDirectory directory, Clock clock) {
        return new PostgresDeviceEventStore(jdbc, directory, clock);
    }

    @Bean
    ConnectivityOptions connectivityOptions(CommandStore commands, ConnectionEventStore connectionEvents,
                                            DeviceEventSink events, CertificateAuthority authority,
                                            DeviceLogStore deviceLogs, OpenEnosProperties props,
                                            org.springframework.beans.factory.ObjectProvider<
                                                    ClusterConfiguration.NodeIdentity> node) {
        // in a cluster, command ids name the node that made them (ADR 0121)
        String commandIdPrefix = node.stream().map(n -> n.nodeId() + "-").findFirst().orElse("");
        return ConnectivityOptions.defaults().withCommandIdPrefix(commandIdPrefix).withCommands(commands)
                .withConnectionEvents(connectionEvents)
                .withDeviceLogs(deviceLogs)
                .withEvents(events).withCertificates(CertificateBinding.of(authority::issuedFor, authority::isRevoked))
                .withMaxSubDevicesPerGateway(props.mqtt().limits().subDevicesPerGateway());
    }

    /** Device files go through the firmware file-store port, in a folder of their own (data directory or bucket). */
    @Bean
    DeviceFileService deviceFileService(JdbcClient jdbc, OpenEnosProperties props, FileStore fileStore, Clock clock)
            throws IOException {
        long max = props.deviceFiles().maxSize().toBytes();
        if (max < 1 || max > props.ota().maxFirmwareSize().toBytes()) {
            throw new IllegalArgumentException("openenos.device-files.max-size must be between 1B and "
                    + "openenos.ota.max-firmware-size (the HTTP multipart limit)");
        }
        FileBlobs blobs = fileStore.folder("device-files");
        return new DeviceFileService(new PostgresDeviceFileStore(jdbc), blobs, max, clock);
    }

    @Bean
    HttpDeviceAccess httpDeviceAccess(RegistryDeviceDirectory directory, Connectivity connectivity, Clock clock) {
        return new HttpDeviceAccess(directory, connectivity.sessions(), connectivity.router(), clock,
                connectivity.scheduler());
    }
}
