package org.openenos.connectivity;

import java.time.Clock;
import org.openenos.registry.DeviceDirectory;
import org.openenos.telemetry.TelemetryIngest;

/** The ports and services the upstream use cases share. */
public record ConnectivityPorts(DeviceDirectory directory, TelemetryIngest ingest, DeviceEventSink events,
                                DeviceSessionRegistry sessions, Clock clock, DeviceLogStore logs) {
}
