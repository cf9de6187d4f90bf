package org.openenos.connectivity;

import org.openenos.connectivity.command.CommandStore;
import org.openenos.connectivity.command.InMemoryCommandStore;

/**
 * The optional ports of the connectivity context, each with an in-memory or no-op default so that a gateway can run
 * without a database (tests, benchmarks).
 */
public record ConnectivityOptions(DeviceEventSink events, CommandStore commands,
                                  ConnectionEventStore connectionEvents, CertificateBinding certificates) {

    public static ConnectivityOptions defaults() {
        return new ConnectivityOptions(DeviceEventSink.LOGGING, new InMemoryCommandStore(), ConnectionEventStore.NONE,
                CertificateBinding.NAME_ONLY);
    }

    public ConnectivityOptions withEvents(DeviceEventSink sink) {
        return new ConnectivityOptions(sink, commands, connectionEvents, certificates);
    }

    public ConnectivityOptions withCommands(CommandStore store) {
        return new ConnectivityOptions(events, store, connectionEvents, certificates);
    }

    public ConnectivityOptions withConnectionEvents(ConnectionEventStore store) {
        return new ConnectivityOptions(events, commands, store, certificates);
    }

    public ConnectivityOptions withCertificates(CertificateBinding binding) {
        return new ConnectivityOptions(events, commands, connectionEvents, binding);
    }
}
