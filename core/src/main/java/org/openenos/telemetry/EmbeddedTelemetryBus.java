package org.openenos.telemetry;

import java.nio.file.Path;
import org.openenos.telemetry.internal.LogTelemetryBus;

/** Opens the embedded, file-backed {@link TelemetryBus} for contexts and tests outside telemetry. */
public final class EmbeddedTelemetryBus {
    private EmbeddedTelemetryBus() {
    }

    public static TelemetryBus open(Path dir, BusConfig config) {
        return new LogTelemetryBus(dir, config);
    }
}
