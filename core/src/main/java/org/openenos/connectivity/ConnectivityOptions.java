package org.openenos.connectivity;

import org.openenos.connectivity.command.CommandStore;
import org.openenos.connectivity.command.InMemoryCommandStore;

/**
 * The optional ports of the connectivity context, each with an in-memory or no-op default so that a gateway can run
 * without a database (tests, benchmarks).
 */
public record ConnectivityOptions(DeviceEventSink events, CommandStore commands,
                                  ConnectionEventStore connectionEvents, CertificateBinding certificates,
                                  int maxSubDevicesPerGateway, DeviceLogStore deviceLogs, String commandIdPrefix) {

    public static ConnectivityOptions defaults() {
        return new ConnectivityOptions(DeviceEventSink.LOGGING, new InMemoryCommandStore(), ConnectionEventStore.NONE,
                CertificateBinding.NAME_ONLY, DeviceSession.MAX_SUB_DEVICES, DeviceLogStore.NONE, "");
    }

    public ConnectivityOptions withDeviceLogs(DeviceLogStore store) {
        return new ConnectivityOptions(events, commands, connectionEvents, certificates, maxSubDevicesPerGateway,
                store, commandIdPrefix);
    }

    public ConnectivityOptions withEvents(DeviceEventSink sink) {
        return new ConnectivityOptions(sink, commands, connectionEvents, certificates, maxSubDevicesPerGateway,
                deviceLogs, commandIdPrefix);
    }

    public ConnectivityOptions withCommands(CommandStore store) {
        return new ConnectivityOptions(events, store, connectionEvents, certificates, maxSubDevicesPerGateway,
                deviceLogs, commandIdPrefix);
    }

    public ConnectivityOptions withConnectionEvents(ConnectionEventStore store) {
        return new ConnectivityOptions(events, commands, store, certificates, maxSubDevicesPerGateway,
                deviceLogs, commandIdPrefix);
    }

    public ConnectivityOptions withCertificates(CertificateBinding binding) {
        return new ConnectivityOptions(events, commands, connectionEvents, binding, maxSubDevicesPerGateway, deviceLogs,
                commandIdPrefix);
    }

    /** Sub-devices one gateway session may log in at once (reference §3.1: 200). */
    public ConnectivityOptions withMaxSubDevicesPerGateway(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxSubDevicesPerGateway must be positive");
        }
        return new ConnectivityOptions(events, commands, connectionEvents, certificates, max, deviceLogs,
                commandIdPrefix);
    }

    /**
     * Put before every command id made here. Each node of a cluster has its own, so two nodes never make the same id
     * and a node that restarts resumes only its own unfinished commands; empty on a single node.
     */
    public ConnectivityOptions withCommandIdPrefix(String prefix) {
        return new ConnectivityOptions(events, commands, connectionEvents, certificates, maxSubDevicesPerGateway,
                deviceLogs, prefix);
    }
}
