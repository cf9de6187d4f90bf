package org.openenos.telemetry;

import java.nio.file.Path;
import org.openenos.telemetry.internal.BusTelemetryIngest;
import org.openenos.telemetry.internal.LogTelemetryBus;

/** Factories of the embedded telemetry log, for modules and tests that run it without the time-series module. */
public final class TelemetryBuses {
    private TelemetryBuses() {
    }

    /** The embedded log in {@code dir} (created if missing). */
    public static TelemetryBus embedded(Path dir, BusConfig config) {
        return new LogTelemetryBus(dir, config);
    }

    /** The ingest port over a bus: values are acknowledged once the bus has them on disk. */
    public static TelemetryIngest ingest(TelemetryBus bus) {
        return new BusTelemetryIngest(bus);
    }
}
